// Idle detection for auto-away (PROTOCOL.md §5): the session is idle after idleAfterMs with no pointer or
// key input, or with the page hidden for that long; the first input makes it active again (a page coming
// back into view is not input by itself: the user may not be there). The client reports each switch with
// set-idle; the server decides whether the user appears away.
//
// An idle source is a function (report) => stop: it calls report(true|false) on each switch. Outside a
// browser (no document) there is none unless one is injected, so a Node service using the client never
// goes idle by itself.

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/**
 * @param {{idleAfterMs: number, document?: any, now?: () => number}} options
 * @returns {((report: (idle: boolean) => void) => () => void) | null}
 */
export function browserIdleSource({ idleAfterMs, document: doc = globalThis.document, now = Date.now }) {
  if (!doc || typeof doc.addEventListener !== 'function') return null;
  return (report) => {
    let idle = false;
    let lastInput = now();
    let hiddenSince = doc.visibilityState === 'hidden' ? now() : null;
    let timer = null;

    const set = (value) => {
      if (value === idle) return;
      idle = value;
      report(value);
    };
    // one timer for the earliest moment idleness can start; input only moves lastInput (pointermove is
    // frequent), and the timer re-arms itself when it finds that moment has moved
    const check = () => {
      timer = null;
      const due = Math.min(lastInput + idleAfterMs, hiddenSince == null ? Infinity : hiddenSince + idleAfterMs);
      const t = now();
      if (t >= due) set(true);
      else timer = setTimeout(check, due - t);
    };
    const onInput = () => {
      lastInput = now();
      set(false);
      if (timer == null) check();
    };
    const onVisibility = () => {
      hiddenSince = doc.visibilityState === 'hidden' ? now() : null;
      if (timer == null && !idle) check();
    };

    INPUT_EVENTS.forEach((e) => doc.addEventListener(e, onInput, { capture: true, passive: true }));
    doc.addEventListener('visibilitychange', onVisibility);
    check();
    return () => {
      clearTimeout(timer);
      INPUT_EVENTS.forEach((e) => doc.removeEventListener(e, onInput, { capture: true }));
      doc.removeEventListener('visibilitychange', onVisibility);
    };
  };
}

// Requests by ref (PROTOCOL.md §2): every reply carries the request's ref. A reply resolves the request's
// promise with the frame's data; `error` and `authentication-error` (the refusal of a refresh-token) reject
// it with a PresenceError.
import { PresenceError, fromServer } from './errors.js';

const REFUSALS = new Set(['error', 'authentication-error']);

export class Requests {
  #pending = new Map();
  #seq = 0;

  /** Sends {event, data, ref} on the socket; resolves with the reply's data. */
  send(ws, event, data, timeoutMs) {
    const ref = `r${++this.#seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(ref);
        reject(new PresenceError('timeout', `${event}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(ref, { resolve, reject, timer });
      try {
        ws.send(JSON.stringify({ event, data, ref }));
      } catch (e) { // the socket is closing: the request is lost with it
        clearTimeout(timer);
        this.#pending.delete(ref);
        reject(new PresenceError('closed', `${event}: the connection is closing (${e && e.message})`));
      }
    });
  }

  /** Settles the request a frame replies to; false when the frame is no reply of ours. */
  settle(frame) {
    const p = frame.ref != null && this.#pending.get(frame.ref);
    if (!p) return false;
    this.#pending.delete(frame.ref);
    clearTimeout(p.timer);
    if (REFUSALS.has(frame.event)) p.reject(fromServer(frame.data));
    else p.resolve(frame.data);
    return true;
  }

  /** Rejects every pending request (the connection ended). */
  failAll(code, message) {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new PresenceError(code, message));
    }
    this.#pending.clear();
  }
}

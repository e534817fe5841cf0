// Typing on the wire, from keystrokes: the first keystroke sends typing-start, a start is renewed every
// renewMs while typing goes on (the server ends a start that is not renewed within its typing timeout, 5 s
// by default), and a pause of idleMs sends typing-stop.
export class Typing {
  #timers = new Map();

  /** @param {{send: (event: string, data: object) => void, renewMs: number, idleMs: number}} options */
  constructor({ send, renewMs, idleMs }) {
    this.sendFrame = send;
    this.renewMs = renewMs;
    this.idleMs = idleMs;
  }

  keystroke(chatSessionId) {
    const t = this.#timers.get(chatSessionId) || { renewedAt: -Infinity, idle: null };
    const now = Date.now();
    if (now - t.renewedAt >= this.renewMs) {
      this.sendFrame('typing-start', { chatSessionId });
      t.renewedAt = now;
    }
    clearTimeout(t.idle);
    t.idle = setTimeout(() => this.stop(chatSessionId), this.idleMs);
    this.#timers.set(chatSessionId, t);
  }

  stop(chatSessionId) {
    if (this.clear(chatSessionId)) this.sendFrame('typing-stop', { chatSessionId });
  }

  /** Forgets the typing without telling the server (a sent message or a lost connection ends it there). */
  clear(chatSessionId) {
    const t = this.#timers.get(chatSessionId);
    if (!t) return false;
    clearTimeout(t.idle);
    this.#timers.delete(chatSessionId);
    return true;
  }

  clearAll() {
    [...this.#timers.keys()].forEach((id) => this.clear(id));
  }
}

// One error shape for the whole client: every 'error' event and every rejected promise is a PresenceError,
// an Error whose `code` is a string (the server's code from PROTOCOL.md, or one of the client's own below)
// and whose `message` says what happened. Being an Error keeps stack traces; having `code` lets callers
// switch on it without caring where the failure came from (a socket reply, REST, a timeout, getToken).
//
// Client codes: not-connected (no live session), timeout (no reply in time), closed (the connection ended
// before the reply, or close() was called), cancelled (the last holder left before the join completed),
// token-unavailable (getToken threw), http (a REST call failed without an error body).

export class PresenceError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {object} [details] extra fields (e.g. chatSessionId, status)
   */
  constructor(code, message, details) {
    super(message);
    this.name = 'PresenceError';
    this.code = code;
    if (details) Object.assign(this, details);
  }
}

/** The error of a server frame (`error` or `authentication-error` data: {code, message}). */
export function fromServer(data, fallbackCode = 'internal') {
  const code = data && typeof data.code === 'string' ? data.code : fallbackCode;
  const message = data && typeof data.message === 'string' && data.message ? data.message : code;
  return new PresenceError(code, message);
}

/** Anything thrown (by getToken, fetch, a listener) as a PresenceError with the given code. */
export function asPresenceError(e, code) {
  if (e instanceof PresenceError) return e;
  const message = e && typeof e.message === 'string' ? e.message : String(e);
  return new PresenceError(code, message, { cause: e });
}

/** Codes that mean "the connection went away", not "the server said no": the next connection retries. */
export function isConnectionLoss(e) {
  return e instanceof PresenceError && (e.code === 'closed' || e.code === 'not-connected');
}

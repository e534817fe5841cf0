// One connection at a time, kept up: a token from getToken, the socket, authenticate, heartbeat and
// liveness, and after a loss a reconnect with backoff (backoff.js) unless the close code says it is final.
// The client (presence-client.js) hears about it through the handlers and owns everything else.
import { PresenceError, asPresenceError, fromServer } from './errors.js';
import { backoffDelay } from './backoff.js';
import { startLiveness } from './liveness.js';

// closed by an operator, too many sessions for the user: reconnecting cannot help
const FINAL_CLOSES = new Set([4403, 4429]);

export class Connection {
  /**
   * @param {object} options url, WebSocket, getToken | token, minBackoffMs, maxBackoffMs, random, livenessTimeoutMs
   * @param {{state: Function, authenticated: Function, frame: Function, error: Function, lost: Function,
   *          reconnect: Function, final: Function}} handlers
   */
  constructor(options, handlers) {
    this.options = options;
    this.handlers = handlers;
    this.ws = null;
    this.token = options.token || null;
    this.attempt = 0;
    this.refusedInARow = 0;
    this.closed = false;
  }

  /** The socket of the authenticated session, or null. */
  get session() {
    return this.authenticated ? this.ws : null;
  }

  async connect() {
    if (this.closed || this.ws || this.connecting) return;
    this.connecting = true;
    this.handlers.state(this.attempt > 0 ? 'reconnecting' : 'connecting');
    let token;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token;
      if (typeof token !== 'string' || !token) throw new Error('getToken gave no token');
    } catch (e) {
      this.connecting = false;
      if (this.closed) return;
      this.handlers.error(asPresenceError(e, 'token-unavailable'));
      this.scheduleReconnect(null);
      return;
    }
    this.connecting = false;
    if (this.closed) return; // close() while getToken was pending: no socket at all
    this.token = token;
    const ws = new this.options.WebSocket(this.options.url);
    this.ws = ws;
    this.authenticated = false;
    this.refused = false;
    ws.onopen = () => ws.send(JSON.stringify({ event: 'authenticate', data: { token }, ref: 'auth' }));
    ws.onmessage = (m) => { if (this.ws === ws) this.receive(ws, typeof m.data === 'string' ? m.data : String(m.data)); };
    ws.onclose = (e) => { if (this.ws === ws) this.lost(e.code, e.reason); };
    ws.onerror = () => { /* onclose follows; kept set, since Node's ws throws on an error nobody listens to */ };
  }

  receive(ws, text) {
    this.liveness?.frameSeen(); // any frame at all is life
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (!frame || typeof frame.event !== 'string') return;
    frame.data = frame.data || {};
    if (frame.ref !== 'auth') {
      this.handlers.frame(frame);
    } else if (frame.event === 'authentication-success') {
      this.authenticated = true;
      this.attempt = 0;
      this.refusedInARow = 0;
      const intervalMs = frame.data.heartbeatIntervalMs || 25000;
      this.liveness = startLiveness({
        intervalMs,
        timeoutMs: this.options.livenessTimeoutMs,
        ping: () => this.send({ event: 'ping', data: {} }),
        onDead: (ms) => this.drop(ws, `no frame from the server for ${ms} ms`),
      });
      this.handlers.authenticated(frame.data, intervalMs);
    } else {
      this.refused = true;
      this.handlers.error(fromServer(frame.data, 'invalid-token'));
    }
  }

  send(frame) {
    if (this.session) this.ws.send(JSON.stringify(frame));
  }

  /** Gives up on a socket that is still open but silent (half-open). */
  drop(ws, reason) {
    if (this.ws !== ws) return;
    try { ws.close(4000, 'liveness timeout'); } catch { /* already closing */ }
    this.lost(1006, reason);
  }

  lost(code, reason) {
    const ws = this.ws;
    if (ws) ws.onopen = ws.onmessage = ws.onclose = null;
    this.ws = null;
    this.authenticated = false;
    this.liveness?.stop();
    this.liveness = null;
    this.handlers.lost({ code, reason });
    if (this.closed) return;
    // 4401 is a refused token (retried once, with a fresh one from getToken) or an expired one (reconnect)
    if (this.refused) this.refusedInARow += 1;
    const tokenFinal = code === 4401 && (!this.options.getToken || this.refusedInARow >= 2);
    if (FINAL_CLOSES.has(code) || tokenFinal) {
      this.stop();
      this.handlers.final(new PresenceError('closed', `closed by the server (${code}${reason ? `: ${reason}` : ''})`));
      return;
    }
    this.scheduleReconnect(code);
  }

  scheduleReconnect(code) {
    this.attempt += 1;
    const delayMs = backoffDelay(this.attempt, {
      baseMs: this.options.minBackoffMs, maxMs: this.options.maxBackoffMs, random: this.options.random,
    });
    this.handlers.state('reconnecting');
    this.handlers.reconnect({ attempt: this.attempt, delayMs, code });
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  /** For good: the socket is closed, a pending getToken opens none, no reconnect is scheduled. */
  close() {
    if (this.closed) return;
    this.stop();
    const ws = this.ws;
    if (ws) {
      try { ws.close(1000, 'bye'); } catch { /* not open yet */ }
      this.lost(1000, 'closed by the client');
    }
  }

  stop() {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
  }
}

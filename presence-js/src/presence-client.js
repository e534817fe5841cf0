// presence-client.js: the browser (and Node) client of the Presence service (PROTOCOL.md §2 and §5).
// ES modules with no dependencies; the service serves them at /js/presence-client.js.
//
//   import { connect } from '@presence/client';           // or '/js/presence-client.js'
//   const client = connect({ url: 'wss://presence.example.com/ws', getToken: () => fetchToken() });
//   client.on('state', (s) => console.log(s));             // connecting | online | reconnecting | offline
//   client.onStatus('bob', (status) => render(status));    // the presence cache, kept current
//   await client.subscribePresence(['bob']);
//   await client.joinChatSession('room-1');
//   await client.sendMessage('room-1', 'hello');
//
// Types: presence-client.d.ts. Behaviour (reconnect, token refresh, idle, errors): README.md.
import { Emitter } from './emitter.js';
import { PresenceError, asPresenceError, fromServer, isConnectionLoss } from './errors.js';
import { backoffDelay, BACKOFF_DEFAULTS } from './backoff.js';
import { startLiveness } from './liveness.js';
import { browserIdleSource } from './idle.js';
import { Requests } from './requests.js';
import { Typing } from './typing.js';
import { Watches } from './watches.js';
import { ChatSessions } from './chat-sessions.js';
import { httpBaseOf } from './rest.js';

export { PresenceError } from './errors.js';
export { backoffDelay, BACKOFF_DEFAULTS } from './backoff.js';
export { browserIdleSource } from './idle.js';

const DEFAULTS = {
  requestTimeoutMs: 10000,
  minBackoffMs: BACKOFF_DEFAULTS.baseMs,
  maxBackoffMs: BACKOFF_DEFAULTS.maxMs,
  typingRenewMs: 3000,
  typingIdleMs: 2000,
  idleAfterMs: 5 * 60 * 1000,
};
// closes after which reconnecting cannot help: closed by an operator, too many sessions for the user
const FINAL_CLOSES = new Set([4403, 4429]);

/** Opens a client and starts connecting. @returns {PresenceClient} */
export function connect(options) {
  const client = new PresenceClient(options);
  client.open();
  return client;
}

export class PresenceClient extends Emitter {
  constructor(options) {
    super();
    if (!options || !options.url) throw new TypeError('connect({url, token | getToken}) needs a url');
    if (!options.token && !options.getToken) throw new TypeError('connect() needs a token or getToken');
    this.options = { ...DEFAULTS, ...options };
    this.WS = options.WebSocket || globalThis.WebSocket;
    this.fetch = options.fetch || ((...args) => globalThis.fetch(...args));
    this.httpUrl = options.httpUrl ? options.httpUrl.replace(/\/$/, '') : httpBaseOf(options.url);
    /** @type {'connecting'|'online'|'reconnecting'|'offline'} */
    this.state = 'offline';
    this.userId = null;
    this.sessionId = null;
    this.status = null;
    this.heartbeatIntervalMs = null;
    this.token = options.token || null;
    this.idle = false;
    this.ws = null;
    this.attempt = 0;
    this.closed = false;
    this.requests = new Requests();
    this.watches = new Watches(this);
    this.chats = new ChatSessions(this);
    this.typingState = new Typing({ send: (e, d) => this.send(e, d), renewMs: this.options.typingRenewMs, idleMs: this.options.typingIdleMs });
    this.syncWaiters = [];
    this.refusedInARow = 0;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  // ------------------------------------------------------------------ presence

  /** The last known status object of a user, or undefined. */
  getStatus(userId) {
    return this.watches.get(userId);
  }

  /** Calls handler with the user's status now (if known) and on every change. Returns an unsubscribe. */
  onStatus(userId, handler) {
    return this.watches.onStatus(userId, handler);
  }

  /** Subscribes to users (reference-counted); resolves with their status objects. */
  subscribePresence(userIds) {
    return this.watches.subscribe(userIds);
  }

  /** Releases one subscribePresence() of these users; the server hears of those nobody holds any more. */
  unsubscribePresence(userIds) {
    this.watches.unsubscribe(userIds);
  }

  /**
   * A page of online users. With subscribe: true it also holds the online-list subscription (changes of
   * every user follow) until one unsubscribeOnlineUsers(); ask for further pages with subscribe: false.
   */
  async getOnlineUsers({ limit = 100, cursor = null, subscribe = false } = {}) {
    if (subscribe) this.watches.holdOnlineList();
    const data = { limit, subscribe };
    if (cursor) data.cursor = cursor;
    const reply = await this.request('get-online-users', data);
    reply.users.forEach((s) => this.watches.remember(s));
    return reply;
  }

  /** Holds the online-list subscription without asking for a page (sent when online). */
  subscribeOnlineUsers() {
    if (this.watches.holdOnlineList() && this.state === 'online') {
      this.request('get-online-users', { limit: 1, subscribe: true }).catch(() => { /* re-sent on the next session */ });
    }
  }

  unsubscribeOnlineUsers() {
    this.watches.releaseOnlineList();
  }

  /** @param {'available'|'away'|'busy'|'dnd'|'invisible'} status */
  setStatus(status, statusText) {
    this.send('set-status', statusText == null ? { status } : { status, statusText });
  }

  /** Marks this session idle or active (auto-away); the idle source calls it, or call it yourself. */
  setIdle(idle) {
    if (this.idle === !!idle) return;
    this.idle = !!idle;
    this.send('set-idle', { idle: this.idle });
  }

  // ------------------------------------------------------------------ chat sessions

  /**
   * Joins a chat session (reference-counted: it is left when every joiner has left); resolves with the
   * chat-session-joined data. Re-joined on every new session, with what was missed delivered as new-message.
   */
  joinChatSession(chatSessionId, options = {}) {
    return this.chats.join(chatSessionId, options);
  }

  leaveChatSession(chatSessionId) {
    this.chats.leave(chatSessionId);
  }

  /** Resolves with the ack {clientMessageId, messageId, sentAt} once the message is stored. */
  async sendMessage(chatSessionId, text, { clientMessageId = newClientMessageId() } = {}) {
    this.typingState.clear(chatSessionId); // sending ends the typing on the server
    const ack = await this.request('send-message', { chatSessionId, text, clientMessageId });
    this.chats.acknowledged(chatSessionId, ack);
    return ack;
  }

  /** Call on every keystroke: starts typing, renews it while typing goes on, stops after a short pause. */
  typing(chatSessionId) {
    this.typingState.keystroke(chatSessionId);
  }

  stopTyping(chatSessionId) {
    this.typingState.stop(chatSessionId);
  }

  // ------------------------------------------------------------------ frames

  /** Sends a request; resolves with the reply's data, rejects with a PresenceError. */
  request(event, data = {}, { timeoutMs = this.options.requestTimeoutMs } = {}) {
    if (this.state !== 'online' || !this.ws) {
      return Promise.reject(new PresenceError('not-connected', `${event}: not connected (${this.state})`));
    }
    return this.requests.send(this.ws, event, data, timeoutMs);
  }

  /** Sends an event that has no reply (dropped when not connected: state is re-sent on every session). */
  send(event, data = {}) {
    if (this.ws && this.state === 'online') this.ws.send(JSON.stringify({ event, data }));
  }

  /** Resolves after the next session has re-sent every interest; rejects if the client is closed first. */
  nextSync() {
    if (this.closed) return Promise.reject(new PresenceError('closed', 'the client is closed'));
    return new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject }));
  }

  // ------------------------------------------------------------------ connection

  /** Starts connecting (connect() calls it). */
  open() {
    if (this.closed || this.ws || this.connecting) return;
    if (!this.stopIdle) {
      const source = this.options.idleSource !== undefined
        ? this.options.idleSource : browserIdleSource({ idleAfterMs: this.options.idleAfterMs });
      this.stopIdle = source ? source((idle) => this.setIdle(idle)) : () => {};
    }
    this.attemptConnection();
  }

  async attemptConnection() {
    this.connecting = true;
    this.setState(this.attempt > 0 ? 'reconnecting' : 'connecting');
    let token;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token;
      if (typeof token !== 'string' || !token) throw new Error('getToken gave no token');
    } catch (e) {
      this.connecting = false;
      if (this.closed) return;
      this.emit('error', asPresenceError(e, 'token-unavailable'));
      this.scheduleReconnect(null);
      return;
    }
    this.connecting = false;
    if (this.closed) return; // close() while getToken was pending: no socket at all
    this.token = token;
    const ws = new this.WS(this.options.url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ event: 'authenticate', data: { token }, ref: 'auth' }));
    ws.onmessage = (m) => { if (this.ws === ws) this.onFrame(typeof m.data === 'string' ? m.data : String(m.data)); };
    ws.onclose = (e) => { if (this.ws === ws) this.onClose(e.code, e.reason); };
    ws.onerror = () => { /* onclose follows */ };
  }

  onFrame(text) {
    this.liveness?.frameSeen();
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (!frame || typeof frame.event !== 'string') return;
    const data = frame.data || {};
    if (frame.ref === 'auth') {
      if (frame.event === 'authentication-success') this.onAuthenticated(data);
      else {
        this.authRefused = true;
        this.emit('error', fromServer(data, 'invalid-token'));
      }
      return;
    }
    if (this.requests.settle({ ...frame, data })) return;
    switch (frame.event) {
      case 'user-status-change': this.watches.remember(data); break;
      case 'new-message': this.chats.received(data); return; // emitted once, in order, by the memberships
      case 'token-expiring': this.refreshToken(); break;
      case 'error': this.emit('error', fromServer(data)); return;
      default:
    }
    this.emit(frame.event, data);
  }

  onAuthenticated(data) {
    const resumed = this.everOnline === true;
    this.everOnline = true;
    this.userId = data.userId;
    this.sessionId = data.sessionId;
    this.status = data.status;
    this.heartbeatIntervalMs = data.heartbeatIntervalMs || 25000;
    this.attempt = 0;
    this.refusedInARow = 0;
    const ws = this.ws;
    this.liveness = startLiveness({
      intervalMs: this.heartbeatIntervalMs,
      timeoutMs: this.options.livenessTimeoutMs,
      ping: () => this.send('ping'),
      onDead: (ms) => this.drop(ws, `no frame from the server for ${ms} ms`),
    });
    this.setState('online');
    if (this.idle) this.send('set-idle', { idle: true }); // a new session starts active on the server
    this.sync(resumed);
  }

  /** A new session: every membership and subscription again, then one 'resynced' event after a reconnect. */
  async sync(resumed) {
    const [chats] = await Promise.all([
      this.chats.sync(),
      this.watches.sync().catch((e) => { if (!isConnectionLoss(e)) this.emit('error', e); }),
    ]);
    if (this.state !== 'online') return; // dropped meanwhile: the next session syncs
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    waiters.forEach((w) => w.resolve());
    if (resumed) this.emit('resynced', { chatSessions: chats, watched: this.watches.watchedCount() });
  }

  /** token-expiring: a fresh token from getToken, sent with refresh-token on this same session. */
  async refreshToken() {
    if (!this.options.getToken) return; // a fixed token cannot be renewed: the session ends at its expiry
    const ws = this.ws;
    let token;
    try {
      token = await this.options.getToken();
    } catch (e) {
      this.emit('error', asPresenceError(e, 'token-unavailable'));
      return;
    }
    if (this.ws !== ws || this.state !== 'online') return; // a new session authenticated with a fresh one
    try {
      const reply = await this.request('refresh-token', { token });
      this.token = token;
      this.emit('token-refreshed', reply);
    } catch (e) {
      if (e.code !== 'closed') this.emit('error', e); // refused: the session goes on until the server closes it
    }
  }

  /** Gives up on a socket that is still open but silent (half-open). */
  drop(ws, reason) {
    if (this.ws !== ws) return;
    try { ws.close(4000, 'liveness timeout'); } catch { /* already closing */ }
    this.onClose(1006, reason);
  }

  onClose(code, reason) {
    const ws = this.ws;
    if (ws) ws.onopen = ws.onmessage = ws.onclose = null;
    this.ws = null;
    this.liveness?.stop();
    this.liveness = null;
    this.requests.failAll('closed', `connection closed (${code})`);
    this.typingState.clearAll();
    this.chats.connectionLost();
    const refused = this.authRefused;
    this.authRefused = false;
    this.emit('close', { code, reason });
    if (this.closed) return;
    // 4401 is a refused token (retried once, with a fresh one from getToken) or an expired one (reconnect)
    if (refused) this.refusedInARow += 1;
    const tokenFinal = code === 4401 && (!this.options.getToken || this.refusedInARow >= 2);
    if (FINAL_CLOSES.has(code) || tokenFinal) {
      this.finish(new PresenceError('closed', `closed by the server (${code}${reason ? `: ${reason}` : ''})`));
      return;
    }
    this.scheduleReconnect(code);
  }

  scheduleReconnect(code) {
    this.attempt += 1;
    const delayMs = backoffDelay(this.attempt, {
      baseMs: this.options.minBackoffMs, maxMs: this.options.maxBackoffMs, random: this.options.random,
    });
    this.setState('reconnecting');
    this.emit('reconnect', { attempt: this.attempt, delayMs, code });
    this.reconnectTimer = setTimeout(() => this.attemptConnection(), delayMs);
  }

  /** Closes for good: no reconnect; a getToken still pending opens no socket. */
  close() {
    if (this.closed) return;
    this.closed = true;
    const ws = this.ws;
    if (ws) {
      try { ws.close(1000, 'bye'); } catch { /* not open yet */ }
      this.onClose(1000, 'closed by the client');
    }
    this.finish(new PresenceError('closed', 'the client was closed'));
  }

  finish(error) {
    clearTimeout(this.reconnectTimer);
    this.closed = true;
    this.stopIdle?.();
    this.chats.closeAll(error);
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    waiters.forEach((w) => w.reject(error));
    this.setState('offline');
  }
}

function newClientMessageId() {
  const c = globalThis.crypto;
  return c && c.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

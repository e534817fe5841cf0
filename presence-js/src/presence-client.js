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
import { PresenceError, fromServer, isConnectionLoss } from './errors.js';
import { BACKOFF_DEFAULTS } from './backoff.js';
import { browserIdleSource } from './idle.js';
import { Connection } from './connection.js';
import { refreshToken } from './token-refresh.js';
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
    this.fetch = options.fetch || ((...args) => globalThis.fetch(...args));
    this.httpUrl = options.httpUrl ? options.httpUrl.replace(/\/$/, '') : httpBaseOf(options.url);
    /** @type {'connecting'|'online'|'reconnecting'|'offline'} */
    this.state = 'offline';
    this.userId = null;
    this.sessionId = null;
    this.status = null;
    this.heartbeatIntervalMs = null;
    this.idle = false;
    this.requests = new Requests();
    this.watches = new Watches(this);
    this.chats = new ChatSessions(this);
    this.typingState = new Typing({ send: (e, d) => this.send(e, d), renewMs: this.options.typingRenewMs, idleMs: this.options.typingIdleMs });
    this.syncWaiters = [];
    this.connection = new Connection({ ...this.options, WebSocket: options.WebSocket || globalThis.WebSocket }, {
      state: (s) => this.setState(s),
      authenticated: (data, intervalMs) => this.onAuthenticated(data, intervalMs),
      frame: (frame) => this.onFrame(frame),
      error: (e) => this.emit('error', e),
      lost: (e) => this.onLost(e),
      reconnect: (e) => this.emit('reconnect', e),
      final: (e) => this.finish(e),
    });
  }

  /** The token of the current session (for your own REST calls). */
  get token() {
    return this.connection.token;
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
    const ws = this.state === 'online' && this.connection.session;
    if (!ws) return Promise.reject(new PresenceError('not-connected', `${event}: not connected (${this.state})`));
    return this.requests.send(ws, event, data, timeoutMs);
  }

  /** Sends an event that has no reply (dropped when not connected: state is re-sent on every session). */
  send(event, data = {}) {
    if (this.state === 'online') this.connection.send({ event, data });
  }

  /** Resolves after the next session has re-sent every interest; rejects if the client is closed first. */
  nextSync() {
    if (this.connection.closed) return Promise.reject(new PresenceError('closed', 'the client is closed'));
    return new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject }));
  }

  // ------------------------------------------------------------------ connection

  /** Starts connecting (connect() calls it). */
  open() {
    if (this.connection.closed) return;
    if (!this.stopIdle) {
      const source = this.options.idleSource !== undefined
        ? this.options.idleSource : browserIdleSource({ idleAfterMs: this.options.idleAfterMs });
      this.stopIdle = source ? source((idle) => this.setIdle(idle)) : () => {};
    }
    this.connection.connect();
  }

  onFrame(frame) {
    if (this.requests.settle(frame)) return;
    const { event, data } = frame;
    switch (event) {
      case 'user-status-change': this.watches.remember(data); break;
      case 'new-message': this.chats.received(data); return; // emitted once, in order, by the memberships
      case 'token-expiring': refreshToken(this); break;
      case 'error': this.emit('error', fromServer(data)); return;
      default:
    }
    this.emit(event, data);
  }

  onAuthenticated(data, intervalMs) {
    const resumed = this.everOnline === true;
    this.everOnline = true;
    this.userId = data.userId;
    this.sessionId = data.sessionId;
    this.status = data.status;
    this.heartbeatIntervalMs = intervalMs;
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

  onLost({ code, reason }) {
    this.requests.failAll('closed', `connection closed (${code})`);
    this.typingState.clearAll();
    this.chats.connectionLost();
    this.emit('close', { code, reason });
  }

  /** Closes for good: no reconnect; a getToken still pending opens no socket. */
  close() {
    if (this.connection.closed) return;
    this.connection.close();
    this.finish(new PresenceError('closed', 'the client was closed'));
  }

  finish(error) {
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

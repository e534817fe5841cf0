// presence-client.js: the browser (and Node) client of the presence service, PROTOCOL.md §2.
// An ES module with no dependencies. Served by the service at /js/presence-client.js.
//
//   import { connect } from '/js/presence-client.js';
//   const client = connect({ url: 'ws://localhost:8080/ws', getToken: async () => fetchToken() });
//   client.on('state', (s) => console.log(s));               // connecting | online | reconnecting | offline
//   client.onStatus('bob', (status) => render(status));        // presence cache, kept current
//   await client.subscribePresence(['bob']);
//   await client.joinChatSession('room-1');
//   await client.sendMessage('room-1', 'hello');

/**
 * @typedef {{userId: string, isOnline: boolean, status: 'available'|'away'|'busy'|'dnd'|'offline',
 *            statusText: string|null, lastSeen: string|null}} StatusObject
 * @typedef {{chatSessionId: string, messageId: string, userId: string, text: string, sentAt: string,
 *            clientMessageId: string|null}} Message
 * @typedef {'connecting'|'online'|'reconnecting'|'offline'} ConnectionState
 * @typedef {Error & {code?: string}} PresenceError  an `error` reply (code, message) or a timeout (code 'timeout')
 */

const DEFAULTS = { requestTimeoutMs: 10000, minBackoffMs: 500, maxBackoffMs: 30000, typingRenewMs: 3000, typingIdleMs: 2000 };

/**
 * Opens a session and keeps it: authenticates, heartbeats, reconnects with exponential backoff and jitter
 * (a fresh token from getToken each time), and after a reconnect re-joins its chat sessions and
 * re-subscribes, then emits one 'resynced' event rather than a burst.
 * @param {{url: string, token?: string, getToken?: () => (string|Promise<string>), WebSocket?: any,
 *          requestTimeoutMs?: number, minBackoffMs?: number, maxBackoffMs?: number}} options
 * @returns {PresenceClient}
 */
export function connect(options) {
  const client = new PresenceClient(options);
  client.open();
  return client;
}

export class PresenceClient {
  /** @param {object} options see connect() */
  constructor(options) {
    if (!options || !options.url) throw new TypeError('connect({url, token | getToken}) needs a url');
    if (!options.token && !options.getToken) throw new TypeError('connect() needs a token or getToken');
    this.options = { ...DEFAULTS, ...options };
    this.WS = options.WebSocket || globalThis.WebSocket;
    /** @type {ConnectionState} */
    this.state = 'offline';
    this.userId = null;
    this.sessionId = null;
    this.heartbeatIntervalMs = 25000;
    this.listeners = new Map();
    this.pending = new Map();
    this.refSeq = 0;
    this.attempt = 0;
    this.closedByUser = false;
    /** @type {Map<string, StatusObject>} */
    this.statuses = new Map();
    this.statusListeners = new Map();
    this.watched = new Set();
    this.onlineListSubscribed = false;
    this.chatSessions = new Map(); // chatSessionId -> grant (or null)
    this.typingTimers = new Map();
  }

  // ------------------------------------------------------------------ events

  /** Listens to a server event ('user-status-change', 'new-message', …) or 'state', 'resynced', 'error'. */
  on(event, handler) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(handler);
    return () => this.off(event, handler);
  }

  off(event, handler) {
    this.listeners.get(event)?.delete(handler);
  }

  emit(event, data) {
    for (const h of this.listeners.get(event) || []) {
      try { h(data); } catch (e) { console.error('presence-client listener failed', e); }
    }
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.emit('state', state);
    }
  }

  // ------------------------------------------------------------------ presence cache

  /** The last known status object of a user, or undefined. @returns {StatusObject|undefined} */
  getStatus(userId) {
    return this.statuses.get(userId);
  }

  /** Calls handler with the user's status now (if known) and on every change. Returns an unsubscribe. */
  onStatus(userId, handler) {
    if (!this.statusListeners.has(userId)) this.statusListeners.set(userId, new Set());
    this.statusListeners.get(userId).add(handler);
    const known = this.statuses.get(userId);
    if (known) handler(known);
    return () => this.statusListeners.get(userId)?.delete(handler);
  }

  remember(status) {
    this.statuses.set(status.userId, status);
    for (const h of this.statusListeners.get(status.userId) || []) h(status);
  }

  // ------------------------------------------------------------------ requests

  /**
   * Sends a request and resolves with the reply frame's data, or rejects with the `error` (code, message)
   * or a timeout. @returns {Promise<any>}
   */
  request(event, data = {}, { timeoutMs = this.options.requestTimeoutMs } = {}) {
    if (this.state !== 'online' || !this.ws) {
      return Promise.reject(Object.assign(new Error(`not connected (${this.state})`), { code: 'not-connected' }));
    }
    const ref = `r${++this.refSeq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(Object.assign(new Error(`${event}: no reply within ${timeoutMs} ms`), { code: 'timeout' }));
      }, timeoutMs);
      this.pending.set(ref, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ event, data, ref }));
    });
  }

  /** Sends an event that has no reply. */
  send(event, data = {}) {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify({ event, data }));
  }

  /** @param {'available'|'away'|'busy'|'dnd'} status */
  setStatus(status, statusText) {
    this.send('set-status', statusText == null ? { status } : { status, statusText });
  }

  /** Subscribes to users; resolves with their status objects (also kept in the cache). */
  async subscribePresence(userIds) {
    userIds.forEach((u) => this.watched.add(u));
    const reply = await this.request('subscribe-presence', { userIds });
    reply.users.forEach((s) => this.remember(s));
    return reply.users;
  }

  unsubscribePresence(userIds) {
    userIds.forEach((u) => this.watched.delete(u));
    this.send('unsubscribe-presence', { userIds });
  }

  /** A page of online users; with subscribe, changes of every user follow (for dashboards). */
  async getOnlineUsers({ limit = 100, cursor = null, subscribe = false } = {}) {
    if (subscribe) this.onlineListSubscribed = true;
    const data = { limit, subscribe };
    if (cursor) data.cursor = cursor;
    const reply = await this.request('get-online-users', data);
    reply.users.forEach((s) => this.remember(s));
    return reply;
  }

  unsubscribeOnlineUsers() {
    this.onlineListSubscribed = false;
    this.send('unsubscribe-online-users');
  }

  /** Joins a chat session; resolves with {chatSessionId, members}. Re-joined after every reconnect. */
  async joinChatSession(chatSessionId, { grant = null } = {}) {
    const reply = await this.request('join-chat-session', grant ? { chatSessionId, grant } : { chatSessionId });
    this.chatSessions.set(chatSessionId, grant);
    reply.members.forEach((s) => this.remember(s));
    return reply;
  }

  leaveChatSession(chatSessionId) {
    this.chatSessions.delete(chatSessionId);
    this.stopTyping(chatSessionId);
    this.send('leave-chat-session', { chatSessionId });
  }

  /**
   * Sends a message and resolves with the ack {clientMessageId, messageId, sentAt} once it is stored. The
   * clientMessageId makes a retry safe: the server acks a repeat with the first messageId.
   */
  sendMessage(chatSessionId, text, { clientMessageId = newClientMessageId() } = {}) {
    this.clearTyping(chatSessionId);
    return this.request('send-message', { chatSessionId, text, clientMessageId });
  }

  /** Call on every keystroke: starts typing, renews it while typing goes on, stops after a short idle. */
  typing(chatSessionId) {
    const t = this.typingTimers.get(chatSessionId) || { renewedAt: 0, idle: null };
    const now = Date.now();
    if (now - t.renewedAt >= this.options.typingRenewMs) {
      this.send('typing-start', { chatSessionId });
      t.renewedAt = now;
    }
    clearTimeout(t.idle);
    t.idle = setTimeout(() => this.stopTyping(chatSessionId), this.options.typingIdleMs);
    this.typingTimers.set(chatSessionId, t);
  }

  stopTyping(chatSessionId) {
    if (this.clearTyping(chatSessionId)) this.send('typing-stop', { chatSessionId });
  }

  clearTyping(chatSessionId) {
    const t = this.typingTimers.get(chatSessionId);
    if (!t) return false;
    clearTimeout(t.idle);
    this.typingTimers.delete(chatSessionId);
    return true;
  }

  /** Closes for good: no reconnect. */
  close() {
    this.closedByUser = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    if (this.ws) this.ws.close(1000, 'bye');
    this.setState('offline');
  }

  // ------------------------------------------------------------------ connection

  async open() {
    const reconnecting = this.attempt > 0;
    this.setState(reconnecting ? 'reconnecting' : 'connecting');
    let token;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token;
    } catch (e) {
      this.emit('error', e);
      this.scheduleReconnect();
      return;
    }
    const ws = new this.WS(this.options.url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ event: 'authenticate', data: { token }, ref: 'auth' }));
    ws.onmessage = (m) => this.onFrame(typeof m.data === 'string' ? m.data : String(m.data), reconnecting);
    ws.onclose = (e) => this.onClose(e.code, e.reason);
    ws.onerror = () => { /* onclose follows */ };
  }

  onFrame(text, reconnecting) {
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    const { event, data = {}, ref } = frame;
    if (ref === 'auth') {
      if (event === 'authentication-success') {
        this.userId = data.userId;
        this.sessionId = data.sessionId;
        this.heartbeatIntervalMs = data.heartbeatIntervalMs || 25000;
        this.attempt = 0;
        this.startHeartbeat();
        this.setState('online');
        if (reconnecting) this.resync();
      } else {
        this.emit('error', Object.assign(new Error(data.message || 'authentication failed'), { code: data.code }));
      }
      return;
    }
    if (ref && this.pending.has(ref)) {
      const p = this.pending.get(ref);
      this.pending.delete(ref);
      clearTimeout(p.timer);
      if (event === 'error') p.reject(Object.assign(new Error(data.message), { code: data.code }));
      else p.resolve(data);
      return;
    }
    if (event === 'user-status-change') this.remember(data);
    this.emit(event, data);
  }

  /** After a reconnect: join and subscribe again, then one 'resynced' event with what came back. */
  async resync() {
    const joined = [];
    try {
      for (const [chatSessionId, grant] of this.chatSessions) {
        joined.push(await this.request('join-chat-session', grant ? { chatSessionId, grant } : { chatSessionId }));
      }
      const ids = [...this.watched];
      for (let i = 0; i < ids.length; i += 1000) {
        const snap = await this.request('subscribe-presence', { userIds: ids.slice(i, i + 1000) });
        snap.users.forEach((s) => this.statuses.set(s.userId, s));
      }
      if (this.onlineListSubscribed) await this.request('get-online-users', { limit: 1, subscribe: true });
    } catch (e) {
      this.emit('error', e);
    }
    joined.forEach((j) => j.members.forEach((s) => this.statuses.set(s.userId, s)));
    for (const [userId, handlers] of this.statusListeners) {
      const s = this.statuses.get(userId);
      if (s) handlers.forEach((h) => h(s));
    }
    this.emit('resynced', { chatSessions: joined.map((j) => j.chatSessionId), watched: this.watched.size });
  }

  onClose(code, reason) {
    this.stopHeartbeat();
    this.ws = null;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(Object.assign(new Error(`connection closed (${code})`), { code: 'closed' }));
    }
    this.pending.clear();
    this.emit('close', { code, reason });
    // 4401 (authentication), 4403 (closed by an operator) and 4429 (too many sessions) are final
    if (this.closedByUser || code === 4401 || code === 4403 || code === 4429) {
      this.setState('offline');
      return;
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    this.attempt += 1;
    const base = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * base / 2; // jitter: spread reconnect storms
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => this.open(), delay);
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => this.send('ping'), this.heartbeatIntervalMs);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
  }
}

function newClientMessageId() {
  const c = globalThis.crypto;
  return c && c.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

// Chat-session memberships of one client: reference-counted joins (two views of one chat session hold one
// membership, left only when both let go), re-joined on every new session, and the messages of each
// delivered once and in order, with what was missed while the connection was down (PROTOCOL.md §5): the
// re-join passes the last messageId seen as `since`, the reply's `missed` are delivered first, and when
// they were truncated the rest is paged over REST before the live messages that arrived meanwhile.
import { RecentIds } from './refcount.js';
import { PresenceError, asPresenceError, isConnectionLoss } from './errors.js';
import { messagesAfter } from './rest.js';

export class ChatSessions {
  #entries = new Map();

  /** @param {import('./presence-client.js').PresenceClient} client */
  constructor(client) {
    this.client = client;
  }

  ids() {
    return [...this.#entries.keys()];
  }

  /** The last messageId delivered or acknowledged in a joined chat session, or null. */
  lastMessageId(chatSessionId) {
    return this.#entries.get(chatSessionId)?.lastMessageId ?? null;
  }

  join(chatSessionId, { grant = null, members = true, since = null } = {}) {
    const existing = this.#entries.get(chatSessionId);
    if (existing) {
      existing.count += 1;
      return existing.reply ? Promise.resolve(existing.reply) : this.#wait(existing);
    }
    const e = {
      id: chatSessionId, count: 1, grant, members, lastMessageId: since,
      seen: new RecentIds(), reply: null, waiters: [], buffer: null,
    };
    this.#entries.set(chatSessionId, e);
    const joined = this.#wait(e);
    if (this.client.state === 'online') this.#send(e, since); // otherwise with the session's other interests
    return joined;
  }

  leave(chatSessionId) {
    const e = this.#entries.get(chatSessionId);
    if (!e || --e.count > 0) return;
    this.#entries.delete(chatSessionId);
    this.#settle(e, null, new PresenceError('cancelled', `left ${chatSessionId} before the join completed`));
    this.client.stopTyping(chatSessionId);
    this.client.send('leave-chat-session', { chatSessionId });
  }

  /** A new-message frame from the server. */
  received(m) {
    const e = this.#entries.get(m.chatSessionId);
    if (!e) this.client.emit('new-message', m);
    else if (e.buffer) e.buffer.push(m);
    else this.#deliver(e, m);
  }

  /** Our own message, stored: it is seen (a later `missed` must not deliver it) and the newest. */
  acknowledged(chatSessionId, ack) {
    const e = this.#entries.get(chatSessionId);
    if (!e || !ack || !ack.messageId) return;
    e.seen.add(ack.messageId);
    e.lastMessageId = ack.messageId;
  }

  /** On a new session: every membership again, each from the last message it saw. */
  async sync() {
    const entries = [...this.#entries.values()];
    await Promise.all(entries.map((e) => this.#send(e, e.lastMessageId)));
    return entries.filter((e) => this.#entries.get(e.id) === e && e.reply).map((e) => e.id);
  }

  connectionLost() {
    for (const e of this.#entries.values()) {
      e.reply = null;
      this.#flush(e);
    }
  }

  closeAll(error) {
    for (const e of this.#entries.values()) this.#settle(e, null, error);
    this.#entries.clear();
  }

  #wait(e) {
    return new Promise((resolve, reject) => e.waiters.push({ resolve, reject }));
  }

  #settle(e, reply, error) {
    const waiters = e.waiters;
    e.waiters = [];
    waiters.forEach((w) => (error ? w.reject(error) : w.resolve(reply)));
    return waiters.length;
  }

  #send(e, since) {
    const data = { chatSessionId: e.id };
    if (e.grant) data.grant = e.grant;
    if (e.members === false) data.members = false;
    if (since) {
      data.since = since;
      e.buffer = e.buffer || []; // live messages wait for the missed ones, to keep the order
    }
    return this.client.request('join-chat-session', data).then(
      (reply) => this.#joined(e, reply),
      (err) => this.#refused(e, err, since));
  }

  async #joined(e, reply) {
    if (this.#entries.get(e.id) !== e) return;
    e.reply = reply;
    (reply.members || []).forEach((s) => this.client.watches.remember(s));
    this.client.emit('chat-session-joined', reply);
    this.#settle(e, reply);
    await this.#recover(e, reply);
  }

  #refused(e, err, since) {
    if (this.#entries.get(e.id) !== e) return undefined;
    this.#flush(e);
    if (isConnectionLoss(err)) return undefined; // the next session joins again
    // a `since` the server does not know (pruned history): join without it rather than not at all
    if (since && err.code === 'bad-request') {
      e.lastMessageId = null;
      return this.#send(e, null);
    }
    this.#entries.delete(e.id);
    const error = new PresenceError(err.code, err.message, { chatSessionId: e.id });
    if (this.#settle(e, null, error) === 0) this.client.emit('error', error); // a re-join nobody awaits
    return undefined;
  }

  async #recover(e, reply) {
    try {
      const missed = Array.isArray(reply.missed) ? reply.missed : [];
      missed.forEach((m) => this.#deliver(e, m));
      if (reply.missedTruncated && missed.length > 0) {
        const pages = messagesAfter({
          fetch: this.client.fetch, httpUrl: this.client.httpUrl, token: () => this.client.token,
          chatSessionId: e.id, after: missed[missed.length - 1].messageId,
        });
        for await (const page of pages) {
          if (this.#entries.get(e.id) !== e) return;
          page.forEach((m) => this.#deliver(e, m));
        }
      }
    } catch (err) {
      const error = asPresenceError(err, 'http');
      error.chatSessionId = e.id;
      this.client.emit('error', error);
    } finally {
      this.#flush(e);
    }
  }

  #flush(e) {
    const buffered = e.buffer;
    e.buffer = null;
    (buffered || []).forEach((m) => this.#deliver(e, m));
  }

  #deliver(e, m) {
    if (!m || typeof m.messageId !== 'string' || !e.seen.add(m.messageId)) return;
    e.lastMessageId = m.messageId;
    this.client.emit('new-message', m);
  }
}

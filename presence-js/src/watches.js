// Presence interests: the status cache, the users watched with subscribe-presence and the online-list
// subscription, each reference-counted (two components watching bob hold one subscription, ended only when
// both let go) and sent again on every new session.
import { RefCount } from './refcount.js';
import { isConnectionLoss } from './errors.js';

const CHUNK = 1000; // subscribe-presence takes at most 1000 userIds (PROTOCOL.md §2)

export class Watches {
  #statuses = new Map();
  #listeners = new Map();
  #users = new RefCount();
  #onlineList = 0;

  /** @param {import('./presence-client.js').PresenceClient} client */
  constructor(client) {
    this.client = client;
  }

  get(userId) {
    return this.#statuses.get(userId);
  }

  onStatus(userId, handler) {
    if (!this.#listeners.has(userId)) this.#listeners.set(userId, new Set());
    this.#listeners.get(userId).add(handler);
    const known = this.#statuses.get(userId);
    if (known) handler(known);
    return () => this.#listeners.get(userId)?.delete(handler);
  }

  remember(status) {
    if (!status || typeof status.userId !== 'string') return;
    this.#statuses.set(status.userId, status);
    for (const h of [...(this.#listeners.get(status.userId) || [])]) {
      try { h(status); } catch (e) { console.error('presence-client: an onStatus handler threw', e); }
    }
  }

  watchedCount() {
    return this.#users.keys().length;
  }

  /**
   * Holds a subscription to each user; resolves with their status objects once the server has them. Not
   * online yet (or the connection drops meanwhile): the subscription is sent with the next session's.
   * The caller holds the users until unsubscribe(), even when the server refuses the request.
   */
  async subscribe(userIds) {
    userIds.forEach((u) => this.#users.acquire(u));
    if (this.client.state === 'online') {
      try {
        return await this.#request(userIds);
      } catch (e) {
        if (!isConnectionLoss(e)) throw e;
      }
    }
    await this.client.nextSync();
    return userIds.map((u) => this.#statuses.get(u)).filter(Boolean);
  }

  async #request(userIds) {
    const users = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const reply = await this.client.request('subscribe-presence', { userIds: userIds.slice(i, i + CHUNK) });
      reply.users.forEach((s) => this.remember(s));
      users.push(...reply.users);
    }
    return users;
  }

  /** Lets go of each user; the server is told about those nobody holds any more. */
  unsubscribe(userIds) {
    const ended = userIds.filter((u) => this.#users.release(u));
    for (let i = 0; i < ended.length; i += CHUNK) {
      this.client.send('unsubscribe-presence', { userIds: ended.slice(i, i + CHUNK) });
    }
  }

  /** One more holder of the online-list subscription; true when it is the first. */
  holdOnlineList() {
    this.#onlineList += 1;
    return this.#onlineList === 1;
  }

  releaseOnlineList() {
    if (this.#onlineList === 0) return;
    this.#onlineList -= 1;
    if (this.#onlineList === 0) this.client.send('unsubscribe-online-users');
  }

  /** On a new session: every held interest again. */
  async sync() {
    await this.#request(this.#users.keys());
    if (this.#onlineList > 0) {
      const page = await this.client.request('get-online-users', { limit: 1, subscribe: true });
      page.users.forEach((s) => this.remember(s));
    }
  }
}

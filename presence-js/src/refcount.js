// Reference counts for interests that several parts of an application share (two components watching the
// same user, two views of one chat session): the wire subscription starts with the first holder and ends
// with the last, so one component unmounting does not end another's.
export class RefCount {
  #counts = new Map();

  /** Adds a holder; true when it is the first (the interest starts). */
  acquire(key) {
    const n = this.#counts.get(key) || 0;
    this.#counts.set(key, n + 1);
    return n === 0;
  }

  /** Removes a holder; true when it was the last (the interest ends). Releasing an unheld key does nothing. */
  release(key) {
    const n = this.#counts.get(key) || 0;
    if (n <= 1) {
      const held = n === 1;
      this.#counts.delete(key);
      return held;
    }
    this.#counts.set(key, n - 1);
    return false;
  }

  count(key) {
    return this.#counts.get(key) || 0;
  }

  keys() {
    return [...this.#counts.keys()];
  }

  /** Forgets a key whatever its count (a join the server refused). */
  drop(key) {
    this.#counts.delete(key);
  }
}

/** A set of the most recent ids (insertion order), bounded: enough to de-duplicate redelivered messages. */
export class RecentIds {
  #ids = new Set();

  constructor(limit = 2000) {
    this.limit = limit;
  }

  has(id) {
    return this.#ids.has(id);
  }

  /** Adds an id; false when it was already there. */
  add(id) {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.limit) this.#ids.delete(this.#ids.values().next().value);
    return true;
  }
}

// Reconnect delays: exponential backoff with FULL jitter. Attempt n (1, 2, 3, ...) after a failure waits a
// uniformly random time in [0, min(maxMs, baseMs * 2^(n-1))). With the defaults (base 1 s, cap 30 s) the
// first retry comes within 0-1 s, then 0-2, 0-4, 0-8, 0-16 s, then 0-30 s for as long as it takes.
//
// Why full jitter: when a node restarts, every client it held reconnects; spreading each attempt over the
// whole window (rather than around a fixed delay, or at zero for the first try) keeps those clients from
// arriving together, and the window doubles while the server keeps refusing (1013 node full, 1001 restart).
// The attempt count is reset only by a successful authentication, never by a socket merely opening: a node
// that accepts the handshake and closes at once with 1013 must see the client slow down.

export const BACKOFF_DEFAULTS = Object.freeze({ baseMs: 1000, maxMs: 30000 });

/**
 * @param {number} attempt 1 for the first retry
 * @param {{baseMs?: number, maxMs?: number, random?: () => number}} [options]
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, { baseMs = BACKOFF_DEFAULTS.baseMs, maxMs = BACKOFF_DEFAULTS.maxMs, random = Math.random } = {}) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.floor(random() * cap);
}

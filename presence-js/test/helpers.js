// Shared fixtures: a fake server per test, clients with short intervals, waiting on conditions.
import { afterEach, beforeEach } from 'node:test';
import { connect } from '../src/presence-client.js';
import { startFakeServer, WebSocket } from './fake-server.js';

/** Polls until cond() is truthy (returns its value); fails with the description after timeoutMs. */
export async function until(cond, what = 'condition', timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves with the next emission of an event by the client (optionally matching). */
export function next(client, event, match = () => true, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no '${event}' within ${timeoutMs} ms`)); }, timeoutMs);
    const off = client.on(event, (d) => { if (match(d)) { clearTimeout(timer); off(); resolve(d); } });
  });
}

/** A fake server and a client factory for each test of the calling file; both are closed after each test. */
export function fixture({ heartbeatIntervalMs = 1000 } = {}) {
  const ctx = { server: null, clients: [] };
  beforeEach(async () => {
    ctx.server = await startFakeServer({ heartbeatIntervalMs });
  });
  afterEach(async () => {
    ctx.clients.forEach((c) => c.close());
    ctx.clients = [];
    await ctx.server.stop();
  });
  /** A client of the fake server: tiny backoff, no idle source, Node's ws as the WebSocket. */
  ctx.client = (options = {}) => {
    const c = connect({
      url: ctx.server.url, getToken: async () => 'tok-alice', WebSocket, minBackoffMs: 10, maxBackoffMs: 40,
      idleSource: null, ...options,
    });
    ctx.clients.push(c);
    return c;
  };
  ctx.online = async (options) => {
    const c = ctx.client(options);
    await until(() => c.state === 'online', 'the client online');
    return c;
  };
  return ctx;
}

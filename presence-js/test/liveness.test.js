// The liveness timeout: a connection the server stopped answering on (half-open) is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until } from './helpers.js';

const t = fixture({ heartbeatIntervalMs: 50 });

test('pings every heartbeatIntervalMs from authentication-success, and a pong-answering server keeps the session', async () => {
  const c = await t.online();
  await new Promise((r) => setTimeout(r, 400)); // eight intervals
  assert.equal(t.server.connections.length, 1);
  assert.equal(c.state, 'online');
  const pings = t.server.last().frames.filter((f) => f.event === 'ping').length;
  assert.ok(pings >= 5 && pings <= 9, `${pings} pings in 400 ms at 50 ms`);
});

test('no frame from the server for two heartbeat intervals: the client reconnects', async () => {
  const c = await t.online();
  const closes = [];
  c.on('close', (e) => closes.push(e));
  const silentSince = Date.now();
  t.server.handlers.ping = () => {}; // the socket stays open but nothing comes back
  await until(() => t.server.connections.length === 2, 'a second connection');
  const after = Date.now() - silentSince;
  assert.ok(after >= 90 && after < 400, `replaced after ${after} ms (interval 50 ms)`);
  assert.equal(closes[0].code, 1006);
  assert.match(closes[0].reason, /no frame from the server for 100 ms/);
});

test('livenessTimeoutMs overrides the two intervals', async () => {
  const c = await t.online({ livenessTimeoutMs: 300 });
  t.server.handlers.ping = () => {};
  const silentSince = Date.now();
  await until(() => t.server.connections.length === 2, 'a second connection');
  assert.ok(Date.now() - silentSince >= 280, 'not before the configured timeout');
  assert.equal(c.state === 'online' || c.state === 'reconnecting', true);
});

// Token lifetime on an open session (PROTOCOL.md §5): refresh in place, no reconnect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until, next } from './helpers.js';

const t = fixture();

async function onlineWithInterests() {
  let n = 0;
  const c = await t.online({ getToken: async () => `tok-alice-${++n}` });
  await c.subscribePresence(['bob']);
  await c.joinChatSession('room');
  return c;
}

test('token-expiring: a fresh token from getToken goes out as refresh-token with a ref; token-refreshed resolves it', async () => {
  const c = await onlineWithInterests();
  const refreshed = next(c, 'token-refreshed');
  t.server.last().send('token-expiring', { expiresAt: '2026-11-27T21:30:00.000Z' });
  const reply = await refreshed;
  const frame = t.server.frames('refresh-token')[0];
  assert.equal(frame.data.token, 'tok-alice-2');
  assert.match(frame.ref, /^.{1,64}$/);
  assert.ok(reply.expiresAt);
  assert.equal(c.token, 'tok-alice-2');
  // the same session goes on: no new connection, nothing re-joined or re-subscribed
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(t.server.connections.length, 1);
  assert.equal(t.server.frames('join-chat-session').length, 1);
  assert.equal(t.server.frames('subscribe-presence').length, 1);
  assert.equal(c.state, 'online');
});

test('a refused refresh (authentication-error, same ref) is an invalid-token error, and the session goes on', async () => {
  const c = await onlineWithInterests();
  t.server.handlers['refresh-token'] = (conn, f) => conn.send('authentication-error', { code: 'invalid-token', message: 'expired' }, f.ref);
  const error = next(c, 'error');
  t.server.last().send('token-expiring', { expiresAt: new Date().toISOString() });
  const e = await error;
  assert.equal(e.code, 'invalid-token');
  assert.equal(e.message, 'expired');
  assert.equal(c.state, 'online');
  assert.equal(c.token, 'tok-alice-1', 'the refused token is not taken');
  // the server then closes 4401 at expiry: the client comes back on a new session with a fresh token
  t.server.last().close(4401, 'token expired');
  await until(() => t.server.connections.length === 2 && c.state === 'online', 'a new session');
  assert.equal(t.server.connections[1].frames[0].data.token, 'tok-alice-3');
  await until(() => t.server.connections[1].frames.some((f) => f.event === 'join-chat-session'), 're-joined');
});

test('a client with a fixed token does not try to refresh', async () => {
  const c = await t.online({ getToken: undefined, token: 'tok-alice' });
  t.server.last().send('token-expiring', { expiresAt: new Date().toISOString() });
  await next(c, 'token-expiring');
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(t.server.frames('refresh-token'), []);
});

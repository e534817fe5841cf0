// Connecting, reconnecting and closing (PROTOCOL.md §2 lifecycle, §5 token expiry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until, next } from './helpers.js';

const t = fixture();

test('authenticates with the token from getToken and goes online', async () => {
  const c = await t.online();
  const auth = t.server.last().frames[0];
  assert.equal(auth.event, 'authenticate');
  assert.equal(auth.data.token, 'tok-alice');
  assert.equal(c.userId, 'alice');
  assert.equal(c.heartbeatIntervalMs, 1000);
});

test('after the server drops the socket it reconnects with a fresh token, re-joins, re-subscribes and emits one resynced', async () => {
  let n = 0;
  const c = await t.online({ getToken: async () => `tok-alice-${++n}` });
  await c.subscribePresence(['bob']);
  await c.joinChatSession('room-1');
  await c.getOnlineUsers({ subscribe: true });
  const resynced = [];
  c.on('resynced', (r) => resynced.push(r));
  t.server.last().close(1001, 'restart');
  await until(() => resynced.length === 1, 'resynced');
  const second = t.server.connections[1];
  assert.equal(second.frames[0].data.token, 'tok-alice-2');
  assert.deepEqual(second.frames.filter((f) => f.event === 'join-chat-session').map((f) => f.data.chatSessionId), ['room-1']);
  assert.deepEqual(second.frames.find((f) => f.event === 'subscribe-presence').data.userIds, ['bob']);
  assert.equal(second.frames.find((f) => f.event === 'get-online-users').data.subscribe, true);
  assert.deepEqual(resynced[0], { chatSessions: ['room-1'], watched: 1 });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(resynced.length, 1);
});

test('close() while getToken is pending opens no socket at all', async () => {
  let release;
  const c = t.client({ getToken: () => new Promise((r) => { release = r; }) });
  await until(() => release, 'getToken called');
  c.close();
  release('tok-alice');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.server.connections.length, 0);
  assert.equal(c.state, 'offline');
});

test('a node that refuses with 1013 right after the handshake sees the client back off, not hammer', async () => {
  t.server.onConnection = (conn) => conn.close(1013, 'node full');
  const delays = [];
  const c = t.client({ minBackoffMs: 20, maxBackoffMs: 10000, random: () => 1 });
  c.on('reconnect', (r) => delays.push(r));
  await until(() => delays.length >= 5, 'five reconnects', 5000);
  assert.deepEqual(delays.slice(0, 5).map((d) => d.delayMs), [20, 40, 80, 160, 320]);
  assert.ok(delays.every((d) => d.code === 1013));
  // 600 ms after the first refusal: 1 + the retries that fit (20+40+80+160 = 300, +320 = 620)
  assert.ok(t.server.connections.length <= 6, `${t.server.connections.length} connections`);
  c.close();
});

test('the attempt count starts again after a successful session', async () => {
  const delays = [];
  const c = await t.online({ random: () => 1, minBackoffMs: 10 });
  c.on('reconnect', (r) => delays.push(r.delayMs));
  t.server.last().close(1001);
  await until(() => t.server.connections.length === 2 && c.state === 'online', 'back online');
  t.server.last().close(1001);
  await until(() => t.server.connections.length === 3 && c.state === 'online', 'back online again');
  assert.deepEqual(delays, [10, 10]);
});

test('a session closed 4401 at token expiry reconnects with a fresh token', async () => {
  let n = 0;
  const c = await t.online({ getToken: async () => `tok-alice-${++n}` });
  t.server.last().close(4401, 'token expired');
  await until(() => t.server.connections.length === 2 && c.state === 'online', 'a new session');
  assert.equal(t.server.connections[1].frames[0].data.token, 'tok-alice-2');
});

test('a token refused twice in a row ends in offline with invalid-token, not a loop', async () => {
  const errors = [];
  const c = t.client({ getToken: async () => 'forged' });
  c.on('error', (e) => errors.push(e));
  await until(() => c.state === 'offline' && t.server.connections.length === 2, 'offline after two refusals');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.server.connections.length, 2);
  assert.deepEqual(errors.map((e) => e.code), ['invalid-token', 'invalid-token']);
});

test('4403 (closed by an operator) and 4429 (too many sessions) are final', async () => {
  for (const code of [4403, 4429]) {
    const before = t.server.connections.length;
    const c = await t.online();
    t.server.last().close(code, 'final');
    await until(() => c.state === 'offline', `offline after ${code}`);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(t.server.connections.length, before + 1, `no reconnect after ${code}`);
  }
});

test('getToken failing is an error event and a retry with backoff', async () => {
  let calls = 0;
  const c = t.client({ getToken: async () => { calls += 1; if (calls < 3) throw new Error('backend down'); return 'tok-alice'; } });
  const err = await next(c, 'error');
  assert.equal(err.code, 'token-unavailable');
  assert.equal(err.message, 'backend down');
  await until(() => c.state === 'online', 'online after getToken recovers');
  assert.equal(calls, 3);
});

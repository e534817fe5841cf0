// Missed messages after a reconnect (PROTOCOL.md §5), de-duplication and order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until } from './helpers.js';

const t = fixture();

/** A client in `room` that has seen one live message; collects every new-message it emits. */
async function memberWithOneMessage() {
  const c = await t.online();
  const seen = [];
  c.on('new-message', (m) => seen.push(m.messageId));
  await c.joinChatSession('room');
  const first = t.server.store('room', 'first');
  t.server.last().send('new-message', first);
  await until(() => seen.length === 1, 'the live message');
  return { c, seen, first };
}

async function dropAndReturn(c) {
  const n = t.server.connections.length;
  t.server.last().close(1001);
  await until(() => t.server.connections.length === n + 1 && c.state === 'online', 'a new session');
}

test('the re-join passes the last messageId as since and delivers the missed ones, oldest first, once', async () => {
  const { c, seen, first } = await memberWithOneMessage();
  const missed = [t.server.store('room', 'two'), t.server.store('room', 'three')];
  await dropAndReturn(c);
  await until(() => seen.length === 3, 'the missed messages');
  const join = t.server.last().frames.find((f) => f.event === 'join-chat-session');
  assert.equal(join.data.since, first.messageId);
  assert.deepEqual(seen, [first.messageId, ...missed.map((m) => m.messageId)]);
  // the same message again (live, racing the missed list) is not delivered twice
  t.server.last().send('new-message', missed[1]);
  const fourth = t.server.store('room', 'four');
  t.server.last().send('new-message', fourth);
  await until(() => seen.length === 4, 'the fourth');
  assert.deepEqual(seen.slice(3), [fourth.messageId]);
});

test('own messages count as seen: since is the ack, and a missed list containing it does not repeat it', async () => {
  const { c, seen } = await memberWithOneMessage();
  const ack = await c.sendMessage('room', 'mine');
  await dropAndReturn(c);
  await until(() => t.server.last().frames.some((f) => f.event === 'join-chat-session'), 're-join');
  assert.equal(t.server.last().frames.find((f) => f.event === 'join-chat-session').data.since, ack.messageId);
  assert.equal(seen.length, 1);
});

test('missedTruncated: the rest is paged over REST with the bearer token, then live messages follow in order', async () => {
  const { c, seen, first } = await memberWithOneMessage();
  t.server.missedLimit = 3;
  const stored = Array.from({ length: 450 }, (_, i) => t.server.store('room', `m${i}`));
  let live;
  // a live message arrives right after the join reply, while the pages are still being fetched
  const join = t.server.handlers['join-chat-session'];
  t.server.handlers['join-chat-session'] = (conn, f) => {
    join(conn, f);
    live = t.server.store('room', 'live');
    conn.send('new-message', live);
  };
  await dropAndReturn(c);
  await until(() => seen.length === 452, `all 452 messages (have ${seen.length})`);
  assert.deepEqual(seen, [first.messageId, ...stored.map((m) => m.messageId), live.messageId]);
  const pages = t.server.restRequests;
  assert.deepEqual(pages.map((r) => r.query.after), [stored[2].messageId, stored[202].messageId, stored[402].messageId]);
  assert.ok(pages.every((r) => r.query.limit === '200' && r.authorization === 'Bearer tok-alice'));
  assert.ok(pages.every((r) => r.path === '/api/chat-sessions/room/messages'));
});

test('a failed page is an error event with the REST code; the live messages still come', async () => {
  // the second session's token is one the fake REST API refuses (its socket takes it)
  let sessions = 0;
  t.server.tokens.set('not-for-rest', 'alice');
  const c = await t.online({ getToken: async () => (++sessions === 1 ? 'tok-alice' : 'not-for-rest') });
  const seen = [];
  c.on('new-message', (m) => seen.push(m.messageId));
  await c.joinChatSession('room');
  t.server.last().send('new-message', t.server.store('room', 'first'));
  await until(() => seen.length === 1, 'the live message');
  t.server.missedLimit = 1;
  t.server.store('room', 'a');
  t.server.store('room', 'b');
  const errors = [];
  c.on('error', (e) => errors.push(e));
  await dropAndReturn(c);
  await until(() => errors.length === 1, 'the error');
  assert.equal(errors[0].code, 'unauthorized');
  assert.equal(errors[0].chatSessionId, 'room');
  assert.equal(seen.length, 2, 'the first and the one missed');
  const live = t.server.store('room', 'live');
  t.server.last().send('new-message', live);
  await until(() => seen.length === 3, 'live after the failure');
});

test('a since the server no longer knows (bad-request) is dropped: the chat session is joined without it', async () => {
  const { c } = await memberWithOneMessage();
  const join = t.server.handlers['join-chat-session'];
  t.server.handlers['join-chat-session'] = (conn, f) => {
    if (f.data.since) conn.send('error', { code: 'bad-request', message: 'since: no such message' }, f.ref);
    else join(conn, f);
  };
  const errors = [];
  c.on('error', (e) => errors.push(e));
  const resynced = new Promise((resolve) => c.on('resynced', resolve));
  t.server.last().close(1001);
  const r = await resynced;
  assert.deepEqual(r.chatSessions, ['room']);
  const joins = t.server.last().frames.filter((f) => f.event === 'join-chat-session');
  assert.deepEqual(joins.map((f) => 'since' in f.data), [true, false]);
  assert.deepEqual(errors, []);
  assert.equal(c.chats.lastMessageId('room'), null);
});

test('members: false is sent, and memberCount comes back', async () => {
  const c = await t.online();
  const j = await c.joinChatSession('big', { members: false });
  assert.equal(t.server.frames('join-chat-session')[0].data.members, false);
  assert.equal(j.memberCount, 1);
  assert.equal(j.members, undefined);
});

test('httpUrl: derived from the WebSocket URL, or given', async () => {
  const { httpBaseOf } = await import('../src/rest.js');
  assert.equal(httpBaseOf('ws://localhost:8080/ws'), 'http://localhost:8080');
  assert.equal(httpBaseOf('wss://chat.example.com/presence/ws'), 'https://chat.example.com/presence');
  const c = t.client({ httpUrl: 'https://api.example.com/' });
  assert.equal(c.httpUrl, 'https://api.example.com');
});

// Reference-counted interests: one holder letting go does not end another's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until } from './helpers.js';

const t = fixture();
const settle = () => new Promise((r) => setTimeout(r, 50));

test('presence: the unsubscribe goes out when the last of two holders lets go', async () => {
  const c = await t.online();
  await c.subscribePresence(['bob']);
  await c.subscribePresence(['bob', 'cat']);
  c.unsubscribePresence(['bob']);
  await settle();
  assert.deepEqual(t.server.frames('unsubscribe-presence'), []);
  c.unsubscribePresence(['bob', 'cat']);
  await until(() => t.server.frames('unsubscribe-presence').length === 1, 'one unsubscribe');
  assert.deepEqual(t.server.frames('unsubscribe-presence')[0].data.userIds, ['bob', 'cat']);
});

test('chat sessions: two joins, one leave stays joined; the second leave leaves', async () => {
  const c = await t.online();
  const [a, b] = await Promise.all([c.joinChatSession('room'), c.joinChatSession('room')]);
  assert.equal(a.chatSessionId, 'room');
  assert.equal(b, a);
  assert.equal(t.server.frames('join-chat-session').length, 1, 'one join on the wire');
  c.leaveChatSession('room');
  await settle();
  assert.deepEqual(t.server.frames('leave-chat-session'), []);
  c.leaveChatSession('room');
  await until(() => t.server.frames('leave-chat-session').length === 1, 'the leave');
  // and a left chat session is not re-joined after a reconnect
  t.server.last().close(1001);
  await until(() => t.server.connections.length === 2 && c.state === 'online', 'reconnected');
  await settle();
  assert.equal(t.server.connections[1].frames.filter((f) => f.event === 'join-chat-session').length, 0);
});

test('the online list: subscribed while any holder holds it', async () => {
  const c = await t.online();
  await c.getOnlineUsers({ subscribe: true });
  c.subscribeOnlineUsers();
  c.unsubscribeOnlineUsers();
  await settle();
  assert.deepEqual(t.server.frames('unsubscribe-online-users'), []);
  c.unsubscribeOnlineUsers();
  await until(() => t.server.frames('unsubscribe-online-users').length === 1, 'the unsubscribe');
  c.unsubscribeOnlineUsers(); // one release too many changes nothing
  await settle();
  assert.equal(t.server.frames('unsubscribe-online-users').length, 1);
});

test('interests taken before the session is up are sent when it is, and their promises resolve', async () => {
  const c = t.client();
  const statuses = c.subscribePresence(['bob']);
  const joined = c.joinChatSession('early');
  assert.deepEqual((await statuses).map((s) => s.userId), ['bob']);
  assert.equal((await joined).chatSessionId, 'early');
  assert.equal(t.server.frames('join-chat-session').length, 1);
});

test('a join the server refuses rejects with its code and is not re-joined', async () => {
  const c = await t.online();
  t.server.handlers['join-chat-session'] = (conn, f) => conn.send('error', { code: 'forbidden', message: 'no grant' }, f.ref);
  await assert.rejects(c.joinChatSession('secret'), (e) => e.code === 'forbidden' && e.chatSessionId === 'secret');
  assert.deepEqual(c.chats.ids(), []);
});

// One error shape: every 'error' event and every rejection is a PresenceError {code, message}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, next, until } from './helpers.js';
import { PresenceError } from '../src/presence-client.js';

const t = fixture();

function assertShape(e, code) {
  assert.ok(e instanceof PresenceError, `${e} is a PresenceError`);
  assert.ok(e instanceof Error);
  assert.equal(e.code, code);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
}

test('a request the server answers with error rejects with its code and message', async () => {
  const c = await t.online();
  t.server.handlers['send-message'] = (conn, f) => conn.send('error', { code: 'not-a-member', message: 'join first' }, f.ref);
  const e = await c.sendMessage('room', 'hi').catch((x) => x);
  assertShape(e, 'not-a-member');
  assert.equal(e.message, 'join first');
});

test('an error frame without a request (or with an unknown ref) is an error event of the same shape', async () => {
  const c = await t.online();
  const first = next(c, 'error');
  t.server.last().send('error', { code: 'rate-limited', message: 'slow down' });
  assertShape(await first, 'rate-limited');
  const second = next(c, 'error');
  t.server.last().send('error', { code: 'bad-request', message: 'what' }, 'nobody-asked');
  assertShape(await second, 'bad-request');
});

test('an authentication refusal is an error event with the server code', async () => {
  const c = t.client({ getToken: async () => 'forged' });
  assertShape(await next(c, 'error'), 'invalid-token');
});

test('no reply in time, not connected, connection lost, client closed: client codes, same shape', async () => {
  const c = await t.online({ requestTimeoutMs: 50 });
  t.server.handlers['subscribe-presence'] = () => {};
  assertShape(await c.subscribePresence(['bob']).catch((x) => x), 'timeout');
  t.server.handlers['get-online-users'] = () => {};
  const pending = c.request('get-online-users', {});
  await until(() => t.server.frames('get-online-users').length === 1, 'the request on the wire');
  t.server.last().close(1001);
  assertShape(await pending.catch((x) => x), 'closed');
  const lost = t.client({ getToken: () => new Promise(() => {}) });
  assertShape(await lost.request('ping').catch((x) => x), 'not-connected');
  const waiting = lost.joinChatSession('room');
  lost.close();
  assertShape(await waiting.catch((x) => x), 'closed');
});

test('getToken throwing a non-Error still gives the shape', async () => {
  const c = t.client({ getToken: async () => { throw 'nope'; } }); // eslint-disable-line no-throw-literal
  const e = await next(c, 'error');
  assertShape(e, 'token-unavailable');
  assert.equal(e.message, 'nope');
});

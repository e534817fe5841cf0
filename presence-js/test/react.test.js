// The React bindings with React and react-dom from npm (createRoot, so StrictMode really mounts, unmounts
// and mounts again in development), in a happy-dom document, against the fake server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeDom } from './react-dom-env.js';
import React, { act } from 'react';
import { createRoot } from 'react-dom/client';
import { fixture, until } from './helpers.js';
import { WebSocket } from './fake-server.js';
import { PresenceProvider, usePresence, useUserStatus, useChatSession, UserStatusIndicator } from '../src/presence-react.js';
import { statusOf } from './fake-server.js';

const h = React.createElement;
const t = fixture();
after(closeDom);

/** A react-dom root in a fresh container: render(element), unmount(), text(), the container. */
function domRoot() {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  return {
    container,
    update: (element) => act(async () => root.render(element)),
    unmount: () => act(async () => root.unmount()),
    text: () => container.textContent,
  };
}

/** Lets React render what the socket brought, until cond() holds. */
async function rendered(cond, what) {
  const end = Date.now() + 3000;
  for (;;) {
    await act(() => new Promise((r) => setTimeout(r, 5)));
    if (cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

const options = { WebSocket, idleSource: null, minBackoffMs: 10, maxBackoffMs: 40 };

async function mount(children, { strict = false, getToken = async () => 'tok-alice' } = {}) {
  const tree = h(PresenceProvider, { url: t.server.url, getToken, options }, children);
  const r = domRoot();
  await r.update(strict ? h(React.StrictMode, null, tree) : tree);
  return r;
}

/** Renders nothing; hands the hook's latest value to the test. */
function Probe({ hook, out }) {
  out.value = hook();
  return null;
}

test('StrictMode mount-unmount-mount of PresenceProvider ends with one socket', async () => {
  let tokens = 0;
  const out = {};
  const r = await mount(h(Probe, { hook: usePresence, out }), { strict: true, getToken: async () => { tokens += 1; return 'tok-alice'; } });
  await rendered(() => out.value.state === 'online', 'online');
  await act(() => new Promise((res) => setTimeout(res, 100)));
  assert.equal(tokens, 2, 'StrictMode did mount twice (two clients asked for a token)');
  assert.equal(t.server.connections.length, 1);
  assert.equal(t.server.connections.filter((c) => c.open).length, 1);
  await r.unmount();
  await until(() => t.server.connections.every((c) => !c.open), 'the socket closed on unmount');
});

test('two components watching one user: the first unmounting keeps the second subscribed', async () => {
  const a = {};
  const b = {};
  function Two({ showA }) {
    return h(React.Fragment, null, showA ? h(Probe, { hook: () => useUserStatus('bob'), out: a }) : null, h(Probe, { hook: () => useUserStatus('bob'), out: b }));
  }
  const r = await mount(h(Two, { showA: true }), { strict: true });
  await rendered(() => b.value?.userId === 'bob', 'bob known');
  await r.update(h(React.StrictMode, null, h(PresenceProvider, { url: t.server.url, getToken: async () => 'tok-alice', options }, h(Two, { showA: false }))));
  await act(() => new Promise((res) => setTimeout(res, 50)));
  assert.deepEqual(t.server.frames('unsubscribe-presence').filter((f) => f.data.userIds.includes('bob')).length, 0,
    'bob is still watched by the other component');
  t.server.last().send('user-status-change', statusOf('bob', { status: 'busy' }));
  await rendered(() => b.value?.status === 'busy', 'the change reaches the remaining component');
  await r.unmount();
});

test('useChatSession: a new chatSessionId starts empty and leaves the old one; messages are de-duplicated', async () => {
  const out = {};
  function Room({ id }) {
    return h(Probe, { hook: () => useChatSession(id), out });
  }
  const wrap = (id) => h(PresenceProvider, { url: t.server.url, getToken: async () => 'tok-alice', options }, h(Room, { id }));
  const r = domRoot();
  await r.update(wrap('one'));
  await rendered(() => out.value.joined, 'joined one');
  const m = t.server.store('one', 'hello');
  t.server.last().send('new-message', m);
  t.server.last().send('new-message', m); // a duplicate delivery
  t.server.last().send('user-typing', { chatSessionId: 'one', userId: 'zoe', isTyping: true });
  await rendered(() => out.value.messages.length === 1 && out.value.typingUsers.length === 1, 'one message, zoe typing');
  await r.update(wrap('two'));
  assert.equal(out.value.chatSessionId, 'two');
  assert.deepEqual(out.value.messages, [], 'nothing of chat session one');
  assert.deepEqual(out.value.typingUsers, []);
  await rendered(() => out.value.joined, 'joined two');
  assert.deepEqual(out.value.members, ['alice']);
  assert.equal(out.value.memberCount, 1);
  assert.deepEqual(t.server.frames('leave-chat-session').map((f) => f.data.chatSessionId), ['one']);
  await r.unmount();
});

test('UserStatusIndicator tells auto-away from a chosen away', async () => {
  const r = await mount(h(UserStatusIndicator, { userId: 'bob', showText: true }));
  const indicator = () => r.container.querySelector('.presence-status');
  await rendered(() => r.text() === 'available', 'bob available');
  t.server.last().send('user-status-change', statusOf('bob', { status: 'away', auto: true }));
  await rendered(() => r.text() === 'away (auto)', 'auto-away shown');
  assert.equal(indicator().dataset.auto, 'true');
  t.server.last().send('user-status-change', statusOf('bob', { status: 'away', auto: false, statusText: 'lunch' }));
  await rendered(() => indicator().dataset.auto === 'false', 'a chosen away');
  assert.equal(r.text(), 'away · lunch');
  await r.unmount();
});

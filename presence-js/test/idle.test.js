// Idle and auto-away (PROTOCOL.md §5): set-idle on each switch, re-sent on a new session, no-op in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, until } from './helpers.js';
import { browserIdleSource } from '../src/presence-client.js';

const t = fixture();

/** An idle source the test drives by hand. */
function manualIdle() {
  const src = (report) => { src.report = report; src.stopped = false; return () => { src.stopped = true; }; };
  return src;
}

const idleFrames = (conn) => conn.frames.filter((f) => f.event === 'set-idle').map((f) => f.data.idle);

test('the idle source switching sends set-idle true, then false on the first input', async () => {
  const idle = manualIdle();
  const c = await t.online({ idleSource: idle });
  idle.report(true);
  idle.report(true); // no switch, no frame
  idle.report(false);
  await until(() => idleFrames(t.server.last()).length === 2, 'two set-idle');
  assert.deepEqual(idleFrames(t.server.last()), [true, false]);
  c.close();
  assert.equal(idle.stopped, true, 'close() stops the idle source');
});

test('after a reconnect an idle session says so again; an active one sends nothing', async () => {
  const idle = manualIdle();
  const c = await t.online({ idleSource: idle });
  idle.report(true);
  await until(() => idleFrames(t.server.last()).length === 1, 'set-idle');
  t.server.last().close(1001);
  await until(() => t.server.connections.length === 2 && idleFrames(t.server.last()).length === 1, 're-sent');
  assert.deepEqual(idleFrames(t.server.last()), [true]);
  idle.report(false);
  await until(() => idleFrames(t.server.last()).length === 2, 'active again');
  t.server.last().close(1001);
  await until(() => t.server.connections.length === 3 && c.state === 'online', 'third session');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(idleFrames(t.server.last()), []);
});

test('outside a browser there is no idle source: nothing is ever sent', async () => {
  assert.equal(browserIdleSource({ idleAfterMs: 10 }), null);
  await t.online({ idleSource: undefined, idleAfterMs: 10 });
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(idleFrames(t.server.last()), []);
});

/** A document enough for the idle source: events and a visibility state. */
function fakeDocument() {
  const doc = new EventTarget();
  doc.visibilityState = 'visible';
  doc.hide = (hidden) => { doc.visibilityState = hidden ? 'hidden' : 'visible'; doc.dispatchEvent(new Event('visibilitychange')); };
  return doc;
}

test('the browser source: idle after idleAfterMs without input, active at the first input', async () => {
  const doc = fakeDocument();
  const reports = [];
  const stop = browserIdleSource({ idleAfterMs: 60, document: doc })((v) => reports.push(v));
  await new Promise((r) => setTimeout(r, 30));
  doc.dispatchEvent(new Event('pointermove')); // input moves the moment on
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(reports, [], 'not idle 40 ms after input');
  await until(() => reports.length === 1, 'idle');
  doc.dispatchEvent(new Event('keydown'));
  assert.deepEqual(reports, [true, false]);
  stop();
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(reports, [true, false], 'stopped: no more reports');
});

test('the browser source: a page shown again is not input; the user stays idle until they act', async () => {
  const doc = fakeDocument();
  const reports = [];
  const stop = browserIdleSource({ idleAfterMs: 40, document: doc })((v) => reports.push(v));
  doc.hide(true);
  await until(() => reports.length === 1, 'idle while hidden');
  doc.hide(false);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(reports, [true]);
  doc.dispatchEvent(new Event('pointerdown'));
  assert.deepEqual(reports, [true, false]);
  stop();
});

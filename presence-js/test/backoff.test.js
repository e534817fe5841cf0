// Reconnect delays: exponential, full jitter, documented numbers (README "Reconnect").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, BACKOFF_DEFAULTS } from '../src/presence-client.js';

test('the defaults are a 1 s base doubling up to a 30 s cap', () => {
  assert.deepEqual({ ...BACKOFF_DEFAULTS }, { baseMs: 1000, maxMs: 30000 });
  const caps = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, { random: () => 0.999999 }) + 1);
  assert.deepEqual(caps, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('full jitter: every delay is anywhere from 0 to the cap, the first one included', () => {
  assert.equal(backoffDelay(1, { random: () => 0 }), 0);
  assert.equal(backoffDelay(3, { random: () => 0.5 }), 2000);
  const first = Array.from({ length: 2000 }, () => backoffDelay(1));
  assert.ok(first.every((d) => d >= 0 && d < 1000));
  // spread over the whole window, not bunched at zero or at the cap: a restart's clients come back apart
  const buckets = [0, 0, 0, 0];
  first.forEach((d) => { buckets[Math.floor(d / 250)] += 1; });
  buckets.forEach((n) => assert.ok(n > 350 && n < 650, `quarter of the window got ${n} of 2000: ${buckets}`));
  assert.ok(first.filter((d) => d === 0).length < 20, 'the first delay is not zero for everyone');
});

test('the options move the base and the cap', () => {
  assert.equal(backoffDelay(4, { baseMs: 10, maxMs: 50, random: () => 0.999999 }), 49);
  assert.equal(backoffDelay(2, { baseMs: 10, maxMs: 50, random: () => 0.999999 }), 19);
});

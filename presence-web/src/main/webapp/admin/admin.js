// The operator page at /admin/: live tiles (polled from /api/admin/overview), charts of the stored stats
// (/api/admin/stats), and a user lookup with a kick. Plain modules, no build step; every call carries the
// operator's token, and a token outside presence-admin gets the server's 403, which the page says plainly.
import { draw } from './charts.js';
import { renderTiles, renderNodes } from './tiles.js';
import { showUser } from './lookup.js';
import { api, apiUrl, claims, hasToken, setToken } from './session.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'presence.admin.token';
const LIVE_EVERY = 2000;
const HISTORY_EVERY = 60_000;
const RANGES = { '1h': ['minute', 3600e3, 60e3], '24h': ['hour', 86400e3, 3600e3], '7d': ['hour', 7 * 86400e3, 3600e3] };
let timers = [];

function refusal(status, body) {
  const c = claims();
  const who = c.upn || c.preferred_username || c.sub || 'this token';
  if (status === 403) return `Refused: ${who} is not an operator. The operator page needs a token in the presence-admin group (the server said: ${body.message || 'forbidden'}).`;
  if (status === 401) return `The token was refused: ${body.message || 'not a valid token'}.`;
  return `The service answered ${status}: ${body.message || 'no reason given'}.`;
}

function signedOut(message) {
  timers.forEach(clearInterval);
  timers = [];
  setToken(null);
  sessionStorage.removeItem(TOKEN_KEY);
  $('console').hidden = true;
  $('signin').hidden = false;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('signin-error').textContent = message || '';
  $('user-id').focus();
}

async function signIn(jwt) {
  setToken(jwt);
  const first = await api('admin/overview');
  if (first.status !== 200) {
    signedOut(refusal(first.status, first.body));
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, jwt);
  const c = claims();
  $('who').textContent = `Signed in as ${c.upn || c.preferred_username || c.sub}`;
  $('who').hidden = false;
  $('sign-out').hidden = false;
  $('signin').hidden = true;
  $('console').hidden = false;
  $('signin-error').textContent = '';
  showLive(first.body);
  $('now-title').setAttribute('tabindex', '-1');
  $('now-title').focus();
  loadHistory();
  timers.push(setInterval(refreshLive, LIVE_EVERY), setInterval(loadHistory, HISTORY_EVERY));
}

function showLive(o) {
  renderTiles($('tiles'), o);
  renderNodes($('nodes').tBodies[0], o);
  $('updated').textContent = `· updated ${new Date(o.time).toLocaleTimeString()}`;
  $('live-error').textContent = '';
}

async function refreshLive() {
  try {
    const r = await api('admin/overview');
    if (r.status === 401 || r.status === 403) return signedOut(refusal(r.status, r.body));
    if (r.status !== 200) throw new Error(r.body.message || `HTTP ${r.status}`);
    showLive(r.body);
  } catch (e) {
    $('live-error').textContent = `The service did not answer (${e.message}); trying again.`;
  }
}

async function points(interval, from, to) {
  const q = new URLSearchParams({ interval, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  const r = await api(`admin/stats?${q}`);
  if (r.status !== 200) throw new Error(r.body.message || `HTTP ${r.status}`);
  return r.body.points.map((p) => ({ ...p, t: Date.parse(p.time) }));
}

const series = (ps, field) => ps.map((p) => ({ t: p.t, v: p[field] }));
const count = (v) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v)));
/** Seconds in one unit for the whole axis, chosen by its top: 200 s, 20 min, 2 h. */
const duration = (s, top) => (top <= 300 ? `${Math.round(s)} s` : top <= 3 * 3600 ? `${+(s / 60).toFixed(1)} min` : `${+(s / 3600).toFixed(1)} h`);
/** The end of the interval holding {@code t}: bars of the interval under way end there, not at now. */
const intervalEnd = (t, step) => Math.floor(t / step) * step + step;

async function drawOnline(now) {
  const [interval, span, step] = RANGES[document.querySelector('input[name=online-range]:checked').value];
  const ps = await points(interval, now - span, now);
  draw($('chart-online'), { title: `Users online, ${interval === 'minute' ? 'last hour, per minute' : `last ${span / 3600e3} hours, per hour`}`,
    from: now - span, to: now, step, kind: 'line', yLabel: 'users', format: count,
    series: [{ name: 'Peak', cls: 'peak', points: series(ps, 'peakOnline') }, { name: 'Average', cls: 'avg', points: series(ps, 'avgOnline') }] });
}

async function loadHistory() {
  const now = Date.now();
  try {
    await drawOnline(now);
    const hourEnd = intervalEnd(now, 3600e3);
    const hours = await points('hour', hourEnd - 86400e3, now);
    draw($('chart-traffic'), { title: 'Connects and messages per hour, last 24 hours', from: hourEnd - 86400e3, to: hourEnd, step: 3600e3,
      kind: 'bar', yLabel: 'per hour', format: count,
      series: [{ name: 'Connects', cls: 'connects', points: series(hours, 'connects') }, { name: 'Messages', cls: 'messages', points: series(hours, 'messages') }] });
    draw($('chart-sessions'), { title: 'Average session length per hour, last 24 hours', from: hourEnd - 86400e3, to: hourEnd, step: 3600e3,
      kind: 'line', yLabel: 'session length', format: duration,
      series: [{ name: 'Average session', cls: 'session', points: series(hours, 'avgSessionSeconds') }] });
    const dayStart = new Date(now);
    dayStart.setUTCHours(0, 0, 0, 0);
    const from = dayStart.getTime() - 13 * 86400e3;
    const days = await points('day', from, now);
    draw($('chart-unique'), { title: 'Unique users per day, last 14 days', from, to: dayStart.getTime() + 86400e3, step: 86400e3,
      kind: 'bar', yLabel: 'users', format: count, series: [{ name: 'Unique users', cls: 'unique', points: series(days, 'uniqueUsers') }] });
    $('history-error').textContent = '';
  } catch (e) {
    $('history-error').textContent = `The stats could not be read: ${e.message}`;
  }
}

$('dev-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const groups = $('as-admin').checked ? ['presence-admin'] : [];
  const r = await fetch(apiUrl('dev/token'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: $('user-id').value.trim(), groups }) });
  const body = await r.json().catch(() => ({}));
  if (r.status === 404) return signedOut('Development login is off on this server: paste an operator token instead.');
  if (!r.ok) return signedOut(body.message || `HTTP ${r.status}`);
  signIn(body.token);
});
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  signIn($('token').value.trim());
});
$('sign-out').addEventListener('click', () => signedOut('Signed out.'));
document.querySelectorAll('input[name=online-range]').forEach((r) => r.addEventListener('change', () => drawOnline(Date.now())));
$('lookup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  showUser($('lookup-result'), $('lookup-id').value.trim());
});
let resizing;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => hasToken() && loadHistory(), 250);
});

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) signIn(saved);

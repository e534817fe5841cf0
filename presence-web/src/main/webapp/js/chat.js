// The chat page at /: a working starting point for chat developers, built on presence-client.js only.
import { connect } from './presence-client.js';

const $ = (id) => document.getElementById(id);
// a ring for auto-away (the server's doing) and invisible, a filled dot for a status chosen and shown
const DOT = (s) => `dot ${s.status}${s.auto ? ' auto' : ''}`;
const LABEL = (s) => (s.status === 'away' && s.auto ? 'away (auto)' : s.status);
const DEV_LOGIN_OFF = 'presence.devLoginOff'; // remembered for the tab once the server said 404
let client;
let room = null;
const members = new Set();
let oldest = null; // messageId of the oldest message shown, for paging history upward
let loadingOlder = null; // the page being fetched: a scroll while it runs waits for it, not a second fetch
const shown = new Set(); // messageIds on screen: history pages, live messages and our own acks overlap
const typingNow = new Map();

async function devToken(userId) {
  const r = await fetch('api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) });
  const body = await r.json().catch(() => ({}));
  if (r.status === 404) {
    sessionStorage.setItem(DEV_LOGIN_OFF, 'true');
    showSignIn();
    throw new Error('Development login is off on this server: sign in with a token.');
  }
  if (!r.ok) throw new Error(body.message || `HTTP ${r.status}`);
  return body.token;
}

/** Both ways to sign in, without asking the server first (a probe would log a failed request every load). */
function showSignIn() {
  const devOff = sessionStorage.getItem(DEV_LOGIN_OFF) === 'true';
  $('dev-form').hidden = devOff;
  $('token-form').hidden = false;
  $(devOff ? 'token' : 'user-id').focus();
}

function ago(iso) {
  if (!iso) return 'never seen';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return 'last seen just now';
  if (s < 3600) return `last seen ${Math.round(s / 60)} min ago`;
  if (s < 86400) return `last seen ${Math.round(s / 3600)} h ago`;
  return `last seen ${new Date(iso).toLocaleDateString()}`;
}

function renderPerson(li, s) {
  li.replaceChildren();
  const dot = document.createElement('span');
  dot.className = DOT(s);
  dot.setAttribute('aria-hidden', 'true');
  const name = document.createElement('span');
  name.textContent = `${s.userId} (${LABEL(s)})`;
  const sub = document.createElement('span');
  sub.className = 'sub';
  sub.textContent = s.isOnline ? (s.statusText || '') : `${s.statusText ? s.statusText + ' · ' : ''}${ago(s.lastSeen)}`;
  li.append(dot, name, sub);
}

function showPerson(s) {
  let li = document.querySelector(`#online li[data-user="${CSS.escape(s.userId)}"]`);
  if (!li) {
    li = document.createElement('li');
    li.dataset.user = s.userId;
    $('online').append(li);
  }
  renderPerson(li, s);
  if (s.userId === client.userId) {
    $('me-dot').className = DOT(s);
    $('me-dot').title = LABEL(s);
  }
}

/** A list item for a message not shown yet, or null (de-duplicated by messageId). */
function messageItem(m) {
  if (shown.has(m.messageId)) return null;
  shown.add(m.messageId);
  const li = document.createElement('li');
  li.dataset.id = m.messageId;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = m.userId;
  const time = document.createElement('time');
  time.dateTime = m.sentAt;
  time.textContent = new Date(m.sentAt).toLocaleTimeString();
  const text = document.createElement('div');
  text.textContent = m.text;
  li.append(who, time, text);
  return li;
}

function showMembers() {
  $('room-title').textContent = `# ${room} · ${members.size} here`;
}

function showTyping() {
  const names = [...typingNow.keys()];
  $('typing').textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

function loadOlder() {
  if (!room || oldest === undefined) return Promise.resolve();
  if (!loadingOlder) loadingOlder = fetchOlder(room).finally(() => { loadingOlder = null; });
  return loadingOlder;
}

async function fetchOlder(forRoom) {
  const q = new URLSearchParams({ limit: '30' });
  if (oldest) q.set('before', oldest);
  const r = await fetch(`api/chat-sessions/${encodeURIComponent(forRoom)}/messages?${q}`, { headers: { Authorization: `Bearer ${client.token}` } });
  if (!r.ok || forRoom !== room) return; // failed, or another chat session was opened meanwhile
  const page = await r.json();
  const list = $('messages');
  const height = list.scrollHeight;
  page.messages.map(messageItem).filter(Boolean).forEach((li) => list.prepend(li));
  list.scrollTop += list.scrollHeight - height; // keep the reader's place
  oldest = page.nextBefore || undefined;
}

function appendMessage(m) {
  const li = messageItem(m);
  if (!li) return;
  $('messages').append(li);
  $('messages').scrollTop = $('messages').scrollHeight;
}

async function join(name) {
  if (name === room) return;
  if (room) client.leaveChatSession(room);
  room = null;
  $('messages').replaceChildren();
  shown.clear();
  typingNow.clear();
  showTyping();
  oldest = null;
  await loadingOlder;
  const joined = await client.joinChatSession(name);
  room = name;
  members.clear();
  (joined.members || []).forEach((m) => members.add(m.userId));
  showMembers();
  $('text').disabled = false;
  document.querySelector('#send-form button').disabled = false;
  await loadOlder();
  $('messages').scrollTop = $('messages').scrollHeight;
  $('text').focus();
}

async function start(getToken) {
  client = connect({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, getToken });
  client.on('state', (state) => {
    $('banner').hidden = state !== 'reconnecting';
    if (state === 'online') {
      $('signin').hidden = true;
      $('app').hidden = false;
      $('me-name').textContent = client.userId;
    }
  });
  // one error shape: {code, message}; a refused token is the one a person signing in must see
  client.on('error', (e) => { $('signin-error').textContent = e.code === 'invalid-token' ? `The token was refused: ${e.message}` : e.message; });
  client.on('user-status-change', showPerson);
  client.on('resynced', async () => { (await client.getOnlineUsers({ limit: 1000 })).users.forEach(showPerson); });
  client.on('chat-session-joined', (j) => { // a re-join after a reconnect: who is here now
    if (j.chatSessionId !== room || !j.members) return;
    members.clear();
    j.members.forEach((m) => members.add(m.userId));
    showMembers();
  });
  // includes what was missed while the connection was down, delivered by the client after its re-join
  client.on('new-message', (m) => { if (m.chatSessionId === room) appendMessage(m); });
  client.on('user-joined-chat-session', (e) => { if (e.chatSessionId === room) { members.add(e.userId); showMembers(); } });
  client.on('user-left-chat-session', (e) => { if (e.chatSessionId === room) { members.delete(e.userId); showMembers(); } });
  client.on('user-typing', (t) => {
    if (t.chatSessionId !== room) return;
    if (t.isTyping) typingNow.set(t.userId, true); else typingNow.delete(t.userId);
    showTyping();
  });
  await new Promise((resolve) => { const off = client.on('state', (s) => { if (s === 'online') { off(); resolve(); } }); });
  const page = await client.getOnlineUsers({ limit: 1000, subscribe: true });
  page.users.forEach(showPerson);
  if (client.status) $('status-select').value = client.status;
}

$('dev-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const userId = $('user-id').value.trim();
  try {
    let first = await devToken(userId); // proves development login is on before connecting
    await start(() => { const t = first; first = null; return t || devToken(userId); });
  } catch (err) {
    $('signin-error').textContent = err.message;
  }
});
$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = $('token').value.trim();
  await start(() => token);
});
$('status-select').addEventListener('change', () => client.setStatus($('status-select').value, $('status-text').value || null));
$('status-text').addEventListener('change', () => client.setStatus($('status-select').value, $('status-text').value || null));
$('join-form').addEventListener('submit', (e) => { e.preventDefault(); join($('room-name').value.trim()).catch((err) => alert(err.message)); });
$('text').addEventListener('input', () => { if (room && $('text').value) client.typing(room); });
$('send-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value;
  if (!room || !text.trim()) return;
  $('text').value = '';
  try {
    const ack = await client.sendMessage(room, text);
    appendMessage({ messageId: ack.messageId, userId: client.userId, text, sentAt: ack.sentAt });
  } catch (err) {
    $('text').value = text; // not stored: give it back
    alert(`Not sent: ${err.message}`);
  }
});
$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop === 0) loadOlder(); });

showSignIn();

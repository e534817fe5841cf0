// The chat page at /: a working starting point for chat developers, built on presence-client.js only.
import { connect } from './presence-client.js';

const $ = (id) => document.getElementById(id);
const DOT = (status) => `dot ${status}`;
let client;
let token;
let room = null;
const members = new Set();
let oldest = null; // messageId of the oldest message shown, for paging history upward
const typingNow = new Map();

async function devLoginEnabled() {
  const r = await fetch('api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  return r.status !== 404;
}

async function devToken(userId) {
  const r = await fetch('api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!r.ok) throw new Error((await r.json()).message || `HTTP ${r.status}`);
  return (await r.json()).token;
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
  dot.className = DOT(s.status);
  dot.setAttribute('aria-hidden', 'true');
  const name = document.createElement('span');
  name.textContent = `${s.userId} (${s.status})`;
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
  if (s.userId === client.userId) $('me-dot').className = DOT(s.status);
}

function messageItem(m) {
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

async function loadOlder() {
  if (!room || oldest === undefined) return;
  const q = new URLSearchParams({ limit: '30' });
  if (oldest) q.set('before', oldest);
  const r = await fetch(`api/chat-sessions/${encodeURIComponent(room)}/messages?${q}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) return;
  const page = await r.json();
  const list = $('messages');
  const height = list.scrollHeight;
  page.messages.forEach((m) => list.prepend(messageItem(m)));
  list.scrollTop += list.scrollHeight - height; // keep the reader's place
  oldest = page.nextBefore || undefined;
}

async function join(name) {
  if (room) client.leaveChatSession(room);
  $('messages').replaceChildren();
  typingNow.clear();
  showTyping();
  oldest = null;
  const joined = await client.joinChatSession(name);
  room = name;
  members.clear();
  joined.members.forEach((m) => members.add(m.userId));
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
  client.on('error', (e) => { $('signin-error').textContent = e.message; });
  client.on('close', (e) => { if (e.code === 4401) $('signin-error').textContent = 'The token was refused.'; });
  client.on('user-status-change', showPerson);
  client.on('resynced', async () => { (await client.getOnlineUsers({ limit: 1000 })).users.forEach(showPerson); });
  client.on('new-message', (m) => {
    if (m.chatSessionId !== room) return;
    $('messages').append(messageItem(m));
    $('messages').scrollTop = $('messages').scrollHeight;
  });
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
}

$('dev-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const userId = $('user-id').value.trim();
  try {
    token = await devToken(userId);
    await start(async () => (token = await devToken(userId)));
  } catch (err) {
    $('signin-error').textContent = err.message;
  }
});
$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  token = $('token').value.trim();
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
    $('messages').append(messageItem({ messageId: ack.messageId, userId: client.userId, text, sentAt: ack.sentAt }));
    $('messages').scrollTop = $('messages').scrollHeight;
  } catch (err) {
    $('text').value = text; // not stored: give it back
    alert(`Not sent: ${err.message}`);
  }
});
$('messages').addEventListener('scroll', () => { if ($('messages').scrollTop === 0) loadOlder(); });

(async () => {
  const dev = await devLoginEnabled().catch(() => false);
  $(dev ? 'dev-form' : 'token-form').hidden = false;
  $(dev ? 'user-id' : 'token').focus();
})();

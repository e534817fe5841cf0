// Ready-made components over the hooks of presence-react.js: a status dot, the online list, a chat room.
import React from 'react';
import { usePresence, useUserStatus, useOnlineUsers, useChatSession } from './presence-react.js';

const h = React.createElement;
const COLORS = { available: '#1a7f37', away: '#9a6700', busy: '#cf222e', dnd: '#8250df', offline: '#6e7781', invisible: '#6e7781' };
const SIZES = { sm: 8, md: 12, lg: 16 };

/** How a status reads: 'away (auto)' for the server's auto-away, apart from an away chosen by hand. */
export function statusLabel(s) {
  if (!s) return 'offline';
  return s.status === 'away' && s.auto ? 'away (auto)' : s.status;
}

/** A filled dot for a chosen status; a ring for auto-away and invisible (not the user's active choice to show). */
function dot(s, px) {
  const status = s ? s.status : 'offline';
  const ring = (s && s.auto) || status === 'invisible';
  const style = {
    display: 'inline-block', width: px, height: px, borderRadius: '50%', boxSizing: 'border-box',
    background: ring ? 'transparent' : COLORS[status], border: ring ? `2px solid ${COLORS[status]}` : 'none',
  };
  return h('span', { role: 'img', 'aria-label': statusLabel(s), style });
}

/** A user's status dot, optionally with the status text (or the status when there is none). */
export function UserStatusIndicator({ userId, size = 'md', showText = false }) {
  const s = useUserStatus(userId);
  return h('span', { className: 'presence-status', 'data-status': s ? s.status : 'offline', 'data-auto': s && s.auto ? 'true' : 'false' },
    dot(s, SIZES[size] || SIZES.md),
    showText ? h('span', { style: { marginLeft: 6 } }, s && s.statusText ? `${statusLabel(s)} · ${s.statusText}` : statusLabel(s)) : null);
}

/** The online users, live. */
export function OnlineUsersList({ className }) {
  const { users, total, hasMore, loadMore } = useOnlineUsers();
  return h('div', { className },
    h('h2', null, `Online (${total})`),
    h('ul', { 'aria-live': 'polite' }, users.map((u) => h('li', { key: u.userId, 'data-user': u.userId, 'data-status': statusLabel(u) },
      dot(u, 10), ' ', u.userId, u.status !== 'available' ? ` (${statusLabel(u)})` : '', u.statusText ? ` · ${u.statusText}` : ''))),
    hasMore ? h('button', { type: 'button', onClick: loadMore }, 'More') : null);
}

/** A chat session: messages, typing indicator and a composer. */
export function ChatRoom({ chatSessionId, currentUserId }) {
  const { memberCount, messages, typingUsers, send, typing } = useChatSession(chatSessionId);
  const [text, setText] = React.useState('');
  const [failure, setFailure] = React.useState('');
  const others = typingUsers.filter((u) => u !== currentUserId);
  const submit = (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    const sent = text;
    setText('');
    send(sent).then(() => setFailure(''), (err) => { setText(sent); setFailure(`Not sent: ${err.message}`); });
  };
  return h('section', { 'aria-label': `Chat ${chatSessionId}` },
    h('h2', null, `# ${chatSessionId} (${memberCount})`),
    h('ol', { 'aria-live': 'polite' }, messages.map((m) => h('li', { key: m.messageId, 'data-id': m.messageId }, h('strong', null, m.userId), ' ', m.text))),
    h('p', { className: 'typing', 'aria-live': 'polite' }, others.length ? `${others.join(', ')} typing…` : ''),
    failure ? h('p', { role: 'alert' }, failure) : null,
    h('form', { onSubmit: submit },
      h('label', { htmlFor: `msg-${chatSessionId}` }, 'Message'),
      h('input', { id: `msg-${chatSessionId}`, value: text, maxLength: 4000, onChange: (e) => { setText(e.target.value); typing(); } }),
      h('button', { type: 'submit' }, 'Send')));
}

/** Online users beside one chat session. */
export function ChatApp({ chatSessionId = 'lobby' }) {
  const { client, state } = usePresence();
  if (!client || client.userId == null) return h('p', { role: 'status' }, state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…');
  return h('div', null,
    state === 'reconnecting' ? h('p', { role: 'status' }, 'Reconnecting…') : null,
    h('div', { style: { display: 'grid', gridTemplateColumns: 'minmax(12rem, 1fr) 3fr', gap: '1rem' } },
      h(OnlineUsersList), h(ChatRoom, { chatSessionId, currentUserId: client.userId })));
}

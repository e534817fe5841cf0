// presence-react.js: React bindings for presence-client.js. React is the host application's (a peer
// dependency): resolve 'react' with your bundler, or with an import map in the browser:
//   <script type="importmap">{"imports": {"react": "https://your.cdn/react.js"}}</script>
import React, { createContext, useContext, useEffect, useMemo, useRef, useState, useCallback } from 'react';
import { connect } from './presence-client.js';

const h = React.createElement;
const PresenceContext = createContext(null);

/**
 * Provides a presence client to its children (the seed's SocketProvider).
 * @param {{url: string, getToken?: () => (string|Promise<string>), children?: any}} props
 *   Without getToken, nothing connects until usePresence().authenticate(getToken) is called.
 */
export function PresenceProvider({ url, getToken, children }) {
  const [client, setClient] = useState(null);
  const [state, setState] = useState('offline');
  const tokenSource = useRef(getToken);

  const authenticate = useCallback((source) => {
    tokenSource.current = source;
    setClient((old) => {
      if (old) old.close();
      const c = connect({ url, getToken: () => tokenSource.current() });
      c.on('state', setState);
      return c;
    });
  }, [url]);

  useEffect(() => {
    if (getToken) authenticate(getToken);
    return () => setClient((c) => { if (c) c.close(); return null; });
  }, [url]); // eslint-disable-line react-hooks/exhaustive-deps

  const value = useMemo(() => ({ client, state, authenticate }), [client, state, authenticate]);
  return h(PresenceContext.Provider, { value }, children);
}

/** The client, its connection state and authenticate(getToken) (the seed's useSocket). */
export function usePresence() {
  const v = useContext(PresenceContext);
  if (!v) throw new Error('usePresence must be used inside <PresenceProvider>');
  return v;
}

/** A user's status object, kept current (subscribes to the user while mounted). */
export function useUserStatus(userId) {
  const { client, state } = usePresence();
  const [status, setStatus] = useState(() => client?.getStatus(userId));
  useEffect(() => {
    if (!client || state !== 'online' || !userId) return undefined;
    const off = client.onStatus(userId, setStatus);
    client.subscribePresence([userId]).catch(() => {});
    return () => { off(); client.unsubscribePresence([userId]); };
  }, [client, state, userId]);
  return status;
}

/** Online users (status objects, ordered by userId), with live changes; more pages on demand. */
export function useOnlineUsers({ pageSize = 100 } = {}) {
  const { client, state } = usePresence();
  const [users, setUsers] = useState(new Map());
  const [total, setTotal] = useState(0);
  const cursor = useRef(null);
  const loadMore = useCallback(async () => {
    if (!client || state !== 'online') return;
    const page = await client.getOnlineUsers({ limit: pageSize, cursor: cursor.current, subscribe: true });
    cursor.current = page.nextCursor;
    setTotal(page.total);
    setUsers((m) => { const n = new Map(m); page.users.forEach((u) => n.set(u.userId, u)); return n; });
  }, [client, state, pageSize]);
  useEffect(() => {
    if (!client || state !== 'online') return undefined;
    cursor.current = null;
    loadMore();
    // The total is the server's: a change may concern users on pages not loaded, so ask again (debounced).
    let recount = null;
    const off = client.on('user-status-change', (s) => {
      setUsers((m) => {
        const n = new Map(m);
        if (s.isOnline) n.set(s.userId, s); else n.delete(s.userId);
        return n;
      });
      clearTimeout(recount);
      recount = setTimeout(() => client.getOnlineUsers({ limit: 1 }).then((p) => setTotal(p.total), () => {}), 250);
    });
    return () => { off(); clearTimeout(recount); client.unsubscribeOnlineUsers(); };
  }, [client, state, loadMore]);
  const list = [...users.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  return { users: list, total, hasMore: cursor.current != null, loadMore };
}

/** Membership, messages, typing users and send() of one chat session. */
export function useChatSession(chatSessionId) {
  const { client, state } = usePresence();
  const [members, setMembers] = useState([]);
  const [messages, setMessages] = useState([]);
  const [typingUsers, setTyping] = useState([]);
  useEffect(() => {
    if (!client || state !== 'online' || !chatSessionId) return undefined;
    let live = true;
    client.joinChatSession(chatSessionId).then((j) => live && setMembers(j.members.map((m) => m.userId))).catch(() => {});
    const offs = [
      client.on('new-message', (m) => m.chatSessionId === chatSessionId && setMessages((l) => [...l, m])),
      client.on('user-joined-chat-session', (e) => e.chatSessionId === chatSessionId && setMembers((l) => [...new Set([...l, e.userId])])),
      client.on('user-left-chat-session', (e) => e.chatSessionId === chatSessionId && setMembers((l) => l.filter((u) => u !== e.userId))),
      client.on('user-typing', (t) => t.chatSessionId === chatSessionId
        && setTyping((l) => (t.isTyping ? [...new Set([...l, t.userId])] : l.filter((u) => u !== t.userId)))),
    ];
    return () => { live = false; offs.forEach((off) => off()); client.leaveChatSession(chatSessionId); };
  }, [client, state, chatSessionId]);
  const send = useCallback(async (text) => {
    const ack = await client.sendMessage(chatSessionId, text);
    setMessages((l) => [...l, { chatSessionId, messageId: ack.messageId, userId: client.userId, text, sentAt: ack.sentAt, clientMessageId: ack.clientMessageId }]);
    return ack;
  }, [client, chatSessionId]);
  const typing = useCallback(() => client?.typing(chatSessionId), [client, chatSessionId]);
  return { members, messages, typingUsers, send, typing };
}

const COLORS = { available: '#1a7f37', away: '#9a6700', busy: '#cf222e', dnd: '#8250df', offline: '#6e7781' };
const SIZES = { sm: 8, md: 12, lg: 16 };

/** A status dot, optionally with the status text. */
export function UserStatusIndicator({ userId, size = 'md', showText = false }) {
  const s = useUserStatus(userId);
  const status = s ? s.status : 'offline';
  const px = SIZES[size] || SIZES.md;
  return h('span', { className: 'presence-status', 'data-status': status },
    h('span', { role: 'img', 'aria-label': status, style: { display: 'inline-block', width: px, height: px, borderRadius: '50%', background: COLORS[status] } }),
    showText ? h('span', { style: { marginLeft: 6 } }, s?.statusText || status) : null);
}

/** The online users, live. */
export function OnlineUsersList({ className }) {
  const { users, total, hasMore, loadMore } = useOnlineUsers();
  return h('div', { className },
    h('h2', null, `Online (${total})`),
    h('ul', { 'aria-live': 'polite' }, users.map((u) => h('li', { key: u.userId, 'data-user': u.userId },
      h('span', { role: 'img', 'aria-label': u.status, style: { display: 'inline-block', width: 10, height: 10, borderRadius: '50%', background: COLORS[u.status], marginRight: 6 } }),
      u.userId, u.statusText ? ` · ${u.statusText}` : ''))),
    hasMore ? h('button', { type: 'button', onClick: loadMore }, 'More') : null);
}

/** A chat session: messages, typing indicator and a composer. */
export function ChatRoom({ chatSessionId, currentUserId }) {
  const { members, messages, typingUsers, send, typing } = useChatSession(chatSessionId);
  const [text, setText] = useState('');
  const others = typingUsers.filter((u) => u !== currentUserId);
  return h('section', { 'aria-label': `Chat ${chatSessionId}` },
    h('h2', null, `# ${chatSessionId} (${members.length})`),
    h('ol', { 'aria-live': 'polite' }, messages.map((m) => h('li', { key: m.messageId, 'data-id': m.messageId }, h('strong', null, m.userId), ' ', m.text))),
    h('p', { className: 'typing', 'aria-live': 'polite' }, others.length ? `${others.join(', ')} typing…` : ''),
    h('form', { onSubmit: (e) => { e.preventDefault(); if (text.trim()) { send(text); setText(''); } } },
      h('label', { htmlFor: `msg-${chatSessionId}` }, 'Message'),
      h('input', { id: `msg-${chatSessionId}`, value: text, maxLength: 4000, onChange: (e) => { setText(e.target.value); typing(); } }),
      h('button', { type: 'submit' }, 'Send')));
}

/** Online users beside one chat session. */
export function ChatApp({ chatSessionId = 'lobby' }) {
  const { client, state } = usePresence();
  if (state !== 'online') return h('p', { role: 'status' }, state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…');
  return h('div', { style: { display: 'grid', gridTemplateColumns: 'minmax(12rem, 1fr) 3fr', gap: '1rem' } },
    h(OnlineUsersList), h(ChatRoom, { chatSessionId, currentUserId: client.userId }));
}

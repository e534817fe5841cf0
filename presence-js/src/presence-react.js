// presence-react.js: React bindings for presence-client.js. React is the application's own (an optional
// peer dependency of the package): a bundler resolves 'react', and a page without a build step maps it with
// an import map (the service's /react/ page shows how). Components: react-components.js.
import React from 'react';
import { connect } from './presence-client.js';

export { UserStatusIndicator, OnlineUsersList, ChatRoom, ChatApp, statusLabel } from './react-components.js';

const { createContext, useContext, useEffect, useRef, useState, useCallback, useMemo } = React;
const PresenceContext = createContext(null);

/** Hooks have no caller to reject to: a refused request goes to the client's 'error' event. */
const reportTo = (client) => (e) => {
  if (e && e.code !== 'closed' && e.code !== 'cancelled') client.emit('error', e);
};

/**
 * Provides one presence client to its children. The client is created in an effect and closed in its
 * cleanup, so StrictMode's mount-unmount-mount ends with one socket (the first client is closed while its
 * getToken is pending, and opens none). A new getToken prop is used from the next connection on, without
 * reconnecting; a new url reconnects. Without getToken nothing connects until authenticate(getToken).
 */
export function PresenceProvider({ url, getToken, options, children }) {
  const tokenSource = useRef(getToken);
  const settings = useRef(options);
  const [generation, setGeneration] = useState(getToken ? 1 : 0);
  const [client, setClient] = useState(null);
  const [state, setState] = useState('offline');

  useEffect(() => {
    if (getToken) tokenSource.current = getToken;
    settings.current = options;
  });

  useEffect(() => {
    if (generation === 0) return undefined;
    const c = connect({ ...settings.current, url, getToken: () => tokenSource.current() });
    const off = c.on('state', setState);
    setClient(c);
    setState(c.state);
    return () => {
      off();
      c.close();
      setClient((current) => (current === c ? null : current));
      setState('offline');
    };
  }, [url, generation]);

  const authenticate = useCallback((source) => {
    tokenSource.current = source;
    setGeneration((g) => g + 1);
  }, []);
  const value = useMemo(() => ({ client, state, authenticate }), [client, state, authenticate]);
  return React.createElement(PresenceContext.Provider, { value }, children);
}

/** The client (null before the first connect), its connection state and authenticate(getToken). */
export function usePresence() {
  const v = useContext(PresenceContext);
  if (!v) throw new Error('usePresence must be used inside <PresenceProvider>');
  return v;
}

/** A user's status object (undefined until known), kept current while mounted. */
export function useUserStatus(userId) {
  const { client } = usePresence();
  const [entry, setEntry] = useState({ userId, status: undefined });
  useEffect(() => {
    if (!client || !userId) return undefined;
    setEntry({ userId, status: client.getStatus(userId) });
    const off = client.onStatus(userId, (status) => setEntry({ userId, status }));
    client.subscribePresence([userId]).catch(reportTo(client));
    return () => {
      off();
      client.unsubscribePresence([userId]);
    };
  }, [client, userId]);
  // a changed userId shows nothing of the previous user, even before the effect has run
  return entry.userId === userId ? entry.status : client?.getStatus(userId);
}

const byUserId = (a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
const shownOnline = (s) => s.isOnline && s.status !== 'invisible'; // invisible users are out of the list

/** Online users (status objects, ordered by userId), live; more pages on demand. */
export function useOnlineUsers({ pageSize = 100 } = {}) {
  const { client } = usePresence();
  const [view, setView] = useState({ users: new Map(), total: 0, nextCursor: null });
  useEffect(() => {
    if (!client) return undefined;
    client.subscribeOnlineUsers();
    let recount = null;
    const load = () => client.getOnlineUsers({ limit: pageSize }).then((page) => setView({
      users: new Map(page.users.filter(shownOnline).map((u) => [u.userId, u])), total: page.total, nextCursor: page.nextCursor,
    }), reportTo(client));
    if (client.state === 'online') load();
    const offState = client.on('state', (s) => { if (s === 'online') load(); }); // first page again on every session
    const offChange = client.on('user-status-change', (s) => {
      setView((v) => {
        const users = new Map(v.users);
        if (shownOnline(s)) users.set(s.userId, s); else users.delete(s.userId);
        return { ...v, users };
      });
      // the total is the server's (the change may concern users on pages not loaded): ask again, debounced
      clearTimeout(recount);
      recount = setTimeout(() => client.getOnlineUsers({ limit: 1 }).then((p) => setView((v) => ({ ...v, total: p.total })), () => {}), 250);
    });
    return () => {
      offState();
      offChange();
      clearTimeout(recount);
      client.unsubscribeOnlineUsers();
    };
  }, [client, pageSize]);
  const loadMore = useCallback(async () => {
    if (!client || !view.nextCursor) return;
    const page = await client.getOnlineUsers({ limit: pageSize, cursor: view.nextCursor });
    setView((v) => {
      const users = new Map(v.users);
      page.users.filter(shownOnline).forEach((u) => users.set(u.userId, u));
      return { users, total: page.total, nextCursor: page.nextCursor };
    });
  }, [client, pageSize, view.nextCursor]);
  return { users: [...view.users.values()].sort(byUserId), total: view.total, hasMore: view.nextCursor != null, loadMore };
}

const emptyChat = (chatSessionId) => ({ chatSessionId, joined: false, members: [], memberCount: 0, messages: [], typingUsers: [] });
const withMessage = (v, m) => (v.messages.some((x) => x.messageId === m.messageId) ? v : { ...v, messages: [...v.messages, m] });

/**
 * One chat session while mounted: joined (reference-counted), its members, memberCount, the messages that
 * arrive (de-duplicated by messageId), who is typing, send() and typing(). A new chatSessionId starts empty.
 * With {members: false} the member list is not asked for (large chat sessions): memberCount only.
 */
export function useChatSession(chatSessionId, { members: listMembers = true } = {}) {
  const { client } = usePresence();
  const [view, setView] = useState(() => emptyChat(chatSessionId));
  useEffect(() => {
    if (!client || !chatSessionId) return undefined;
    setView(emptyChat(chatSessionId));
    const mine = (e) => e && e.chatSessionId === chatSessionId;
    const update = (f) => setView((v) => (v.chatSessionId === chatSessionId ? f(v) : v));
    const joined = (j) => mine(j) && update((v) => ({
      ...v, joined: true, typingUsers: [],
      members: j.members ? j.members.map((m) => m.userId) : v.members,
      memberCount: typeof j.memberCount === 'number' ? j.memberCount : (j.members || []).length,
    }));
    const offs = [
      client.on('chat-session-joined', joined), // every re-join after a reconnect too
      client.on('new-message', (m) => mine(m) && update((v) => withMessage(v, m))),
      client.on('user-joined-chat-session', (e) => mine(e) && update((v) => (v.members.includes(e.userId) ? v
        : { ...v, members: listMembers ? [...v.members, e.userId] : v.members, memberCount: v.memberCount + 1 }))),
      client.on('user-left-chat-session', (e) => mine(e) && update((v) => ({
        ...v, members: v.members.filter((u) => u !== e.userId), memberCount: Math.max(0, v.memberCount - 1),
        typingUsers: v.typingUsers.filter((u) => u !== e.userId),
      }))),
      client.on('user-typing', (t) => mine(t) && update((v) => ({
        ...v, typingUsers: t.isTyping ? [...new Set([...v.typingUsers, t.userId])] : v.typingUsers.filter((u) => u !== t.userId),
      }))),
    ];
    client.joinChatSession(chatSessionId, listMembers ? {} : { members: false }).then(joined, reportTo(client));
    return () => {
      offs.forEach((off) => off());
      client.leaveChatSession(chatSessionId);
    };
  }, [client, chatSessionId, listMembers]);
  const send = useCallback(async (text) => {
    const ack = await client.sendMessage(chatSessionId, text);
    const mineNow = { chatSessionId, messageId: ack.messageId, userId: client.userId, text, sentAt: ack.sentAt, clientMessageId: ack.clientMessageId };
    setView((v) => (v.chatSessionId === chatSessionId ? withMessage(v, mineNow) : v));
    return ack;
  }, [client, chatSessionId]);
  const typing = useCallback(() => client?.typing(chatSessionId), [client, chatSessionId]);
  const current = view.chatSessionId === chatSessionId ? view : emptyChat(chatSessionId);
  return { ...current, send, typing };
}

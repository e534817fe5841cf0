// A typed use of every export, through the package's own name (its `exports`): `npm run typecheck` checks
// that the declarations hold together and say what a chat developer would write. Never run.
import {
  connect, PresenceClient, PresenceError, backoffDelay, BACKOFF_DEFAULTS, browserIdleSource,
  type StatusObject, type Message, type ConnectionState, type IdleSource, type ChatSessionJoined,
} from '@presence/client';
import {
  PresenceProvider, usePresence, useUserStatus, useOnlineUsers, useChatSession, statusLabel,
  UserStatusIndicator, OnlineUsersList, ChatRoom, ChatApp,
} from '@presence/client/react';
import { createElement as h, type ReactElement } from 'react';

const idle: IdleSource = (report) => { report(true); return () => {}; };
const client: PresenceClient = connect({
  url: 'wss://presence.example.com/ws',
  getToken: async () => 'jwt',
  idleAfterMs: 60_000,
  idleSource: browserIdleSource({ idleAfterMs: 60_000 }) ?? idle,
});
new PresenceClient({ url: 'ws://localhost:8080/ws', token: 'jwt', idleSource: null });

client.on('state', (s: ConnectionState) => console.log(s));
client.on('error', (e) => { const code: string = e.code; console.log(code, e.message, e instanceof PresenceError); });
client.on('reconnect', ({ attempt, delayMs, code }) => console.log(attempt, delayMs, code));
client.on('new-message', (m: Message) => console.log(m.messageId, m.text));
client.on('user-status-change', (s: StatusObject) => console.log(s.auto === true ? 'away (auto)' : s.status));
client.on('resynced', ({ chatSessions, watched }) => console.log(chatSessions.length + watched));
client.on('custom-event', (d) => console.log(d));
const off: () => void = client.onStatus('bob', (s) => console.log(s.lastSeen));
off();

async function use(): Promise<void> {
  const users: StatusObject[] = await client.subscribePresence(['bob']);
  client.unsubscribePresence(users.map((u) => u.userId));
  const page = await client.getOnlineUsers({ limit: 50, subscribe: true });
  if (page.nextCursor) await client.getOnlineUsers({ cursor: page.nextCursor });
  client.unsubscribeOnlineUsers();
  const joined: ChatSessionJoined = await client.joinChatSession('room', { members: false, grant: null });
  console.log(joined.memberCount, joined.members?.length, joined.missed?.[0]?.messageId);
  const ack = await client.sendMessage('room', 'hi', { clientMessageId: 'c-1' });
  console.log(ack.messageId.length);
  client.typing('room');
  client.setStatus('invisible');
  client.setStatus('busy', 'in a call');
  client.setIdle(true);
  client.leaveChatSession('room');
  client.close();
  console.log(backoffDelay(2, { random: () => 0.5 }) + BACKOFF_DEFAULTS.maxMs);
  // @ts-expect-error offline is shown, never chosen
  client.setStatus('offline');
}
void use;

function App(): ReactElement {
  const { client: c, state, authenticate } = usePresence();
  const bob = useUserStatus('bob');
  const { users, total, hasMore, loadMore } = useOnlineUsers({ pageSize: 50 });
  const room = useChatSession('room', { members: true });
  void c; void state; void authenticate; void hasMore; void loadMore;
  return h('div', null,
    statusLabel(bob), total, users.length, room.memberCount, room.messages.length, room.typingUsers.join(),
    h(UserStatusIndicator, { userId: 'bob', size: 'sm', showText: true }),
    h(OnlineUsersList, { className: 'people' }),
    h(ChatRoom, { chatSessionId: 'room', currentUserId: c?.userId }),
    h(ChatApp, { chatSessionId: 'lobby' }));
}

export const root = h(PresenceProvider, { url: 'ws://localhost:8080/ws', getToken: () => 'jwt', options: { idleAfterMs: 1000 } }, h(App));

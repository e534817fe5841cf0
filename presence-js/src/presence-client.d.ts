// Types of presence-client.js (PROTOCOL.md §2 and §5). Checked by `npm run typecheck` against types-test/.

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';
export type Status = 'available' | 'away' | 'busy' | 'dnd' | 'invisible' | 'offline';
export type ChosenStatus = 'available' | 'away' | 'busy' | 'dnd' | 'invisible';

/** A user's presence as the server reports it. `auto` is true while the server shows auto-away. */
export interface StatusObject {
  userId: string;
  isOnline: boolean;
  status: Status;
  statusText: string | null;
  lastSeen: string | null;
  auto?: boolean;
}

/** A stored message (new-message data). */
export interface Message {
  chatSessionId: string;
  messageId: string;
  userId: string;
  text: string;
  sentAt: string;
  clientMessageId: string | null;
}

export interface MessageAck {
  clientMessageId: string | null;
  messageId: string;
  sentAt: string;
}

export interface ChatSessionJoined {
  chatSessionId: string;
  /** Left out when joined with {members: false}. */
  members?: StatusObject[];
  memberCount?: number;
  missed?: Message[];
  missedTruncated?: boolean;
}

export interface OnlineUsersPage {
  users: StatusObject[];
  total: number;
  nextCursor: string | null;
}

/** Server codes of PROTOCOL.md and the client's own (see README "Errors"). */
export type ErrorCode =
  | 'bad-request' | 'unknown-event' | 'not-authenticated' | 'not-a-member' | 'forbidden' | 'rate-limited'
  | 'internal' | 'invalid-token' | 'too-many-sessions' | 'unauthorized' | 'not-found' | 'too-large'
  | 'not-connected' | 'timeout' | 'closed' | 'cancelled' | 'token-unavailable' | 'http';

/** Every 'error' event and every rejected promise of the client. */
export class PresenceError extends Error {
  constructor(code: string, message: string, details?: object);
  readonly name: 'PresenceError';
  code: ErrorCode | (string & {});
  /** Set on errors about one chat session (a refused re-join, a failed page of missed messages). */
  chatSessionId?: string;
  /** The HTTP status of a failed REST call. */
  status?: number;
  cause?: unknown;
}

/** Calls report(true) when the session goes idle and report(false) when it is active again; returns a stop. */
export type IdleSource = (report: (idle: boolean) => void) => () => void;

export interface ClientOptions {
  /** The service's WebSocket URL, e.g. wss://presence.example.com/ws */
  url: string;
  /** Called for every new session and every token-expiring notice: your backend's token for this user. */
  getToken?: () => string | Promise<string>;
  /** A fixed token instead of getToken (cannot be refreshed: the session ends at its expiry). */
  token?: string;
  /** http(s) base of the REST API; default: derived from url (ws://h/ws -> http://h). */
  httpUrl?: string;
  /** WebSocket constructor; default: globalThis.WebSocket (pass `ws`'s in Node 20). */
  WebSocket?: unknown;
  /** fetch for the REST calls; default: globalThis.fetch. */
  fetch?: (input: string, init?: { headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<any> }>;
  /** Default 10000. */
  requestTimeoutMs?: number;
  /** Backoff base, default 1000: retry n waits a random time in [0, min(maxBackoffMs, minBackoffMs * 2^(n-1))). */
  minBackoffMs?: number;
  /** Backoff cap, default 30000. */
  maxBackoffMs?: number;
  /** Source of randomness for the jitter; default Math.random. */
  random?: () => number;
  /** Silence after which the connection is replaced; default two heartbeat intervals. */
  livenessTimeoutMs?: number;
  /** Default 3000. */
  typingRenewMs?: number;
  /** Default 2000. */
  typingIdleMs?: number;
  /** No input (or a hidden page) for this long makes the session idle; default 300000 (5 min). */
  idleAfterMs?: number;
  /** Default: pointer/key input and page visibility in a browser, none elsewhere; null turns it off. */
  idleSource?: IdleSource | null;
}

export interface JoinOptions {
  /** The chat application's grant (PROTOCOL.md "Chat access"), in grant mode. */
  grant?: string | null;
  /** false: leave the member list out of the reply (large chat sessions); memberCount still comes. */
  members?: boolean;
  /** Deliver the messages stored after this messageId as new-message events. */
  since?: string | null;
}

export interface ClientEvents {
  state: ConnectionState;
  error: PresenceError;
  close: { code: number; reason: string };
  reconnect: { attempt: number; delayMs: number; code: number | null };
  resynced: { chatSessions: string[]; watched: number };
  'chat-session-joined': ChatSessionJoined;
  'token-expiring': { expiresAt: string };
  'token-refreshed': { expiresAt: string };
  'user-status-change': StatusObject;
  'new-message': Message;
  'user-joined-chat-session': { chatSessionId: string; userId: string };
  'user-left-chat-session': { chatSessionId: string; userId: string };
  'user-typing': { chatSessionId: string; userId: string; isTyping: boolean };
  pong: { serverTime: string };
}

export class PresenceClient {
  constructor(options: ClientOptions);
  readonly state: ConnectionState;
  readonly userId: string | null;
  readonly sessionId: string | null;
  /** The own status from authentication-success (own user-status-change events update getStatus(userId)). */
  readonly status: Status | null;
  readonly heartbeatIntervalMs: number | null;
  readonly idle: boolean;
  readonly httpUrl: string;
  /** The token of the current session (for your own REST calls). */
  readonly token: string | null;

  on<E extends keyof ClientEvents>(event: E, handler: (data: ClientEvents[E]) => void): () => void;
  on(event: string, handler: (data: any) => void): () => void;
  off(event: string, handler: (data: any) => void): void;

  getStatus(userId: string): StatusObject | undefined;
  onStatus(userId: string, handler: (status: StatusObject) => void): () => void;
  subscribePresence(userIds: string[]): Promise<StatusObject[]>;
  unsubscribePresence(userIds: string[]): void;
  getOnlineUsers(options?: { limit?: number; cursor?: string | null; subscribe?: boolean }): Promise<OnlineUsersPage>;
  subscribeOnlineUsers(): void;
  unsubscribeOnlineUsers(): void;
  setStatus(status: ChosenStatus, statusText?: string | null): void;
  setIdle(idle: boolean): void;

  joinChatSession(chatSessionId: string, options?: JoinOptions): Promise<ChatSessionJoined>;
  leaveChatSession(chatSessionId: string): void;
  sendMessage(chatSessionId: string, text: string, options?: { clientMessageId?: string }): Promise<MessageAck>;
  typing(chatSessionId: string): void;
  stopTyping(chatSessionId: string): void;

  request<T = any>(event: string, data?: object, options?: { timeoutMs?: number }): Promise<T>;
  send(event: string, data?: object): void;
  nextSync(): Promise<void>;
  open(): void;
  close(): void;
}

export function connect(options: ClientOptions): PresenceClient;

export const BACKOFF_DEFAULTS: Readonly<{ baseMs: number; maxMs: number }>;
export function backoffDelay(attempt: number, options?: { baseMs?: number; maxMs?: number; random?: () => number }): number;
export function browserIdleSource(options: { idleAfterMs: number; document?: unknown; now?: () => number }): IdleSource | null;

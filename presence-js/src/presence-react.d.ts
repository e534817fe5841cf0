// Types of presence-react.js (React bindings). React is an optional peer dependency.
import type { ReactElement, ReactNode } from 'react';
import type { ClientOptions, ConnectionState, Message, MessageAck, PresenceClient, StatusObject } from './presence-client.js';

export interface PresenceProviderProps {
  url: string;
  /** Without it nothing connects until usePresence().authenticate(getToken). */
  getToken?: () => string | Promise<string>;
  /** Further client options (read when a client is created). */
  options?: Omit<ClientOptions, 'url' | 'getToken' | 'token'>;
  children?: ReactNode;
}
export function PresenceProvider(props: PresenceProviderProps): ReactElement;

export interface PresenceContextValue {
  client: PresenceClient | null;
  state: ConnectionState;
  authenticate(getToken: () => string | Promise<string>): void;
}
export function usePresence(): PresenceContextValue;

export function useUserStatus(userId: string | null | undefined): StatusObject | undefined;

export interface OnlineUsers {
  users: StatusObject[];
  total: number;
  hasMore: boolean;
  loadMore(): Promise<void>;
}
export function useOnlineUsers(options?: { pageSize?: number }): OnlineUsers;

export interface ChatSessionView {
  chatSessionId: string;
  joined: boolean;
  members: string[];
  memberCount: number;
  messages: Message[];
  typingUsers: string[];
  send(text: string): Promise<MessageAck>;
  typing(): void;
}
export function useChatSession(chatSessionId: string, options?: { members?: boolean }): ChatSessionView;

/** 'away (auto)' for the server's auto-away, otherwise the status; 'offline' when unknown. */
export function statusLabel(status: StatusObject | undefined | null): string;

export function UserStatusIndicator(props: { userId: string; size?: 'sm' | 'md' | 'lg'; showText?: boolean }): ReactElement;
export function OnlineUsersList(props: { className?: string }): ReactElement;
export function ChatRoom(props: { chatSessionId: string; currentUserId?: string | null }): ReactElement;
export function ChatApp(props: { chatSessionId?: string }): ReactElement;

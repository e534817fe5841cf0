// The REST calls the client makes itself (PROTOCOL.md §3, §5): paging missed messages after a reconnect.
import { PresenceError } from './errors.js';

/** The service's http(s) base from its WebSocket URL: ws://host:8080/ws -> http://host:8080. */
export function httpBaseOf(wsUrl) {
  const u = new URL(wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = u.pathname.replace(/\/ws\/?$/, '');
  u.search = '';
  u.hash = '';
  return u.href.replace(/\/$/, '');
}

/**
 * GET a JSON resource with the bearer token; rejects with a PresenceError carrying the REST error's code
 * ({error, message} body) or 'http'.
 */
export async function getJson(fetchFn, url, token) {
  let response;
  try {
    response = await fetchFn(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
  } catch (e) {
    throw new PresenceError('http', `GET ${url} failed: ${e && e.message}`, { cause: e });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const code = body && typeof body.error === 'string' ? body.error : 'http';
    throw new PresenceError(code, (body && body.message) || `GET ${url}: HTTP ${response.status}`, { status: response.status });
  }
  return body;
}

/** Pages of messages after a messageId, oldest first (§5), until the last page. */
export async function* messagesAfter({ fetch: fetchFn, httpUrl, token, chatSessionId, after, limit = 200 }) {
  let cursor = after;
  while (cursor) {
    const q = new URLSearchParams({ after: cursor, limit: String(limit) });
    const page = await getJson(fetchFn, `${httpUrl}/api/chat-sessions/${encodeURIComponent(chatSessionId)}/messages?${q}`, token());
    yield page.messages || [];
    cursor = page.nextAfter || null;
  }
}

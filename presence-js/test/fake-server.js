// A small fake Presence server for the client's tests: the WebSocket protocol of PROTOCOL.md §2/§5 as far
// as the client uses it, and the REST page of messages after a messageId. Every frame the client sends is
// recorded (parsed JSON) per connection; a test replaces a handler to script the server's side.
import http from 'node:http';
import { once } from 'node:events';
import { WebSocketServer, WebSocket } from 'ws';

export { WebSocket };

export const isoNow = () => new Date().toISOString();

export function statusOf(userId, extra = {}) {
  return { userId, isOnline: true, status: 'available', statusText: null, lastSeen: isoNow(), auto: false, ...extra };
}

export async function startFakeServer({ heartbeatIntervalMs = 1000 } = {}) {
  const httpServer = http.createServer((req, res) => server.rest(req, res));
  const wss = new WebSocketServer({ server: httpServer, path: '/ws' });
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const { port } = httpServer.address();
  let messageSeq = 0;

  const server = {
    url: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    heartbeatIntervalMs,
    connections: [],
    /** chatSessionId -> stored messages, oldest first */
    history: new Map(),
    restRequests: [],
    /** token -> userId; any other token is refused */
    tokens: new Map(),
    onConnection: null,
    handlers: {
      authenticate(c, f) {
        const userId = server.tokens.get(f.data.token) ?? (f.data.token.startsWith('tok-') ? f.data.token.split('-')[1] : null);
        if (!userId) {
          c.send('authentication-error', { code: 'invalid-token', message: 'token refused' }, f.ref);
          c.close(4401, 'invalid token');
          return;
        }
        c.userId = userId;
        c.send('authentication-success', {
          userId, sessionId: `s${c.id}`, status: 'available', onlineCount: 1, heartbeatIntervalMs: server.heartbeatIntervalMs,
        }, f.ref);
      },
      ping(c, f) { c.send('pong', { serverTime: isoNow() }, f.ref); },
      'subscribe-presence'(c, f) { c.send('presence-snapshot', { users: f.data.userIds.map((u) => statusOf(u)) }, f.ref); },
      'get-online-users'(c, f) { c.send('online-users-list', { users: [statusOf(c.userId)], total: 1, nextCursor: null }, f.ref); },
      'join-chat-session'(c, f) {
        const { chatSessionId, since, members } = f.data;
        const reply = { chatSessionId, memberCount: 1 };
        if (members !== false) reply.members = [statusOf(c.userId)];
        if (since) {
          const all = server.history.get(chatSessionId) || [];
          const after = all.slice(all.findIndex((m) => m.messageId === since) + 1);
          reply.missed = after.slice(0, server.missedLimit ?? 200);
          if (after.length > reply.missed.length) reply.missedTruncated = true;
        }
        c.send('chat-session-joined', reply, f.ref);
      },
      'send-message'(c, f) {
        const m = server.store(f.data.chatSessionId, f.data.text, c.userId, f.data.clientMessageId);
        c.send('message-ack', { clientMessageId: m.clientMessageId, messageId: m.messageId, sentAt: m.sentAt }, f.ref);
      },
      'refresh-token'(c, f) { c.send('token-refreshed', { expiresAt: new Date(Date.now() + 3600e3).toISOString() }, f.ref); },
    },

    /** Stores a message in a chat session's history; returns it (new-message data). */
    store(chatSessionId, text, userId = 'zoe', clientMessageId = null) {
      const m = { chatSessionId, messageId: `m${String(++messageSeq).padStart(6, '0')}`, userId, text, sentAt: isoNow(), clientMessageId };
      if (!server.history.has(chatSessionId)) server.history.set(chatSessionId, []);
      server.history.get(chatSessionId).push(m);
      return m;
    },

    rest(req, res) {
      const u = new URL(req.url, server.httpUrl);
      server.restRequests.push({ path: u.pathname, query: Object.fromEntries(u.searchParams), authorization: req.headers.authorization });
      const match = /^\/api\/chat-sessions\/([^/]+)\/messages$/.exec(u.pathname);
      const reply = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (!req.headers.authorization?.startsWith('Bearer tok-')) return reply(401, { error: 'unauthorized', message: 'a token is needed' });
      if (!match || !u.searchParams.get('after')) return reply(404, { error: 'not-found', message: 'no such resource' });
      const chatSessionId = decodeURIComponent(match[1]);
      const all = server.history.get(chatSessionId) || [];
      const limit = Number(u.searchParams.get('limit') || 50);
      const start = all.findIndex((m) => m.messageId === u.searchParams.get('after')) + 1;
      const messages = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return reply(200, { chatSessionId, messages, nextAfter: more ? messages[messages.length - 1].messageId : null });
    },

    /** Every frame every connection sent, with the connection's id. */
    frames(event) {
      return server.connections.flatMap((c) => c.frames.filter((f) => !event || f.event === event));
    },

    last() {
      return server.connections[server.connections.length - 1];
    },

    async stop() {
      for (const c of server.connections) c.ws.terminate();
      await new Promise((resolve) => wss.close(() => httpServer.close(() => resolve())));
    },
  };

  wss.on('connection', (ws) => {
    const c = {
      id: server.connections.length + 1,
      ws,
      frames: [],
      userId: null,
      send(event, data, ref) { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(ref ? { event, data, ref } : { event, data })); },
      close(code, reason) { ws.close(code, reason); },
      get open() { return ws.readyState === WebSocket.OPEN; },
    };
    server.connections.push(c);
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw));
      f.data = f.data ?? {};
      c.frames.push(f);
      server.handlers[f.event]?.(c, f);
    });
    server.onConnection?.(c);
  });
  return server;
}

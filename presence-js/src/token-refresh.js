// Token lifetime on an open session (PROTOCOL.md §5): on token-expiring the client asks getToken for a fresh
// token and sends it with refresh-token on the same session, so nothing is re-joined or lost. A refusal is
// an error event and the session goes on; the server closes it with 4401 at expiry and the client then
// reconnects with a new token.
import { asPresenceError } from './errors.js';

/** @param {import('./presence-client.js').PresenceClient} client */
export async function refreshToken(client) {
  const getToken = client.options.getToken;
  if (!getToken) return; // a fixed token cannot be renewed: the session ends at its expiry
  const session = client.connection.session;
  let token;
  try {
    token = await getToken();
  } catch (e) {
    client.emit('error', asPresenceError(e, 'token-unavailable'));
    return;
  }
  if (!session || client.connection.session !== session) return; // a new session started with a fresh token
  try {
    const reply = await client.request('refresh-token', { token });
    client.connection.token = token;
    client.emit('token-refreshed', reply);
  } catch (e) {
    if (e.code !== 'closed') client.emit('error', e);
  }
}

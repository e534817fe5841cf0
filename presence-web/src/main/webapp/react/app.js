// The React example at /react/: sign-in (development login or a token), your status, the online list and a
// chat session, built on presence-react.js. Query parameters: token (skips the sign-in), room (default
// lobby), watch (a user whose status is shown), ws (another service's WebSocket URL).
import React from 'react';
import { PresenceProvider, usePresence, ChatApp, UserStatusIndicator } from '../js/presence-react.js';

const h = React.createElement;
const q = new URLSearchParams(location.search);
const wsUrl = q.get('ws') || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;

async function devToken(userId) {
  const r = await fetch('../api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) });
  const body = await r.json().catch(() => ({}));
  if (r.status === 404) throw new Error('Development login is off on this server: sign in with a token.');
  if (!r.ok) throw new Error(body.message || `HTTP ${r.status}`);
  return body.token;
}

/** No request before the user asks: a page that probed for development login would log a failed one. */
function SignIn() {
  const { authenticate } = usePresence();
  const [userId, setUserId] = React.useState('');
  const [token, setToken] = React.useState('');
  const [error, setError] = React.useState('');
  const signInAs = (e) => {
    e.preventDefault();
    const id = userId.trim();
    // the first token proves development login is on; later sessions (reconnects) ask for fresh ones
    devToken(id).then((first) => {
      let unused = first;
      authenticate(() => { const t = unused; unused = null; return t || devToken(id); });
    }, (err) => setError(err.message));
  };
  const withToken = (e) => {
    e.preventDefault();
    const t = token.trim();
    authenticate(() => t);
  };
  return h('section', { className: 'card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Presence chat (React)'),
    h('form', { id: 'dev-form', onSubmit: signInAs },
      h('label', { htmlFor: 'user-id' }, 'Your user id (development login)'),
      h('input', { id: 'user-id', value: userId, required: true, pattern: '[A-Za-z0-9._@+\\-]{1,128}', onChange: (e) => setUserId(e.target.value) }),
      h('button', { type: 'submit' }, 'Sign in')),
    h('form', { id: 'token-form', onSubmit: withToken },
      h('label', { htmlFor: 'token' }, 'Or your token (JWT)'),
      h('textarea', { id: 'token', rows: 3, required: true, value: token, onChange: (e) => setToken(e.target.value) }),
      h('button', { type: 'submit' }, 'Sign in')),
    h('p', { className: 'error', role: 'alert' }, error));
}

const CHOICES = ['available', 'away', 'busy', 'dnd', 'invisible'];

function Me() {
  const { client } = usePresence();
  const [choice, setChoice] = React.useState(client.status || 'available');
  return h('div', { className: 'me' },
    h(UserStatusIndicator, { userId: client.userId, showText: false }), ' ',
    h('strong', null, client.userId), ' ',
    h('label', { htmlFor: 'status-select', className: 'visually-hidden' }, 'Your status'),
    h('select', { id: 'status-select', value: choice, onChange: (e) => { setChoice(e.target.value); client.setStatus(e.target.value); } },
      CHOICES.map((c) => h('option', { key: c, value: c }, c))));
}

function App() {
  const { client, state } = usePresence();
  const [error, setError] = React.useState('');
  React.useEffect(() => client?.on('error', (e) => setError(`${e.code}: ${e.message}`)), [client]);
  if (!client) return h(SignIn);
  if (client.userId == null) return h('p', { role: 'status' }, error || 'Connecting…');
  return h('div', { className: 'react-app' },
    h(Me),
    q.get('watch') ? h('p', { id: 'watched' }, 'watched: ', h(UserStatusIndicator, { userId: q.get('watch'), showText: true })) : null,
    h(ChatApp, { chatSessionId: q.get('room') || 'lobby' }),
    h('p', { className: 'error', role: 'alert' }, state === 'offline' ? error : ''));
}

const token = q.get('token');
window.ReactDOM.createRoot(document.getElementById('root')).render(
  h(React.StrictMode, null, h(PresenceProvider, { url: wsUrl, getToken: token ? () => token : undefined }, h(App))));

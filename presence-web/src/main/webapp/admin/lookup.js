// User lookup on the operator page: status as the user chose it, sessions per node, lastSeen, chat sessions,
// and a Kick button (DELETE /api/admin/sessions/{userId}: every session closed with 4403).
import { api } from './session.js';

function row(dl, term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  if (value instanceof Node) dd.append(value); else dd.textContent = value;
  dl.append(dt, dd);
}

function list(items, empty) {
  if (!items.length) return empty;
  const ul = document.createElement('ul');
  for (const text of items) {
    const li = document.createElement('li');
    li.textContent = text;
    ul.append(li);
  }
  return ul;
}

export async function showUser(box, userId, note = '') {
  const r = await api(`admin/users/${encodeURIComponent(userId)}`);
  const p = document.createElement('p');
  if (r.status !== 200) {
    p.className = r.status === 404 ? '' : 'error';
    p.textContent = r.status === 404 ? `No user ${userId} has ever been seen.` : `Lookup refused: ${r.body.message || r.status}`;
    box.replaceChildren(p);
    return;
  }
  const u = r.body;
  const h = document.createElement('h3');
  h.textContent = u.userId;
  const dl = document.createElement('dl');
  dl.className = 'user';
  row(dl, 'Status', `${u.isOnline ? 'online' : 'offline'}, ${u.status}${u.auto ? ' (auto)' : ''}${u.statusText ? ` · ${u.statusText}` : ''}`);
  row(dl, 'Last seen', u.lastSeen ? new Date(u.lastSeen).toLocaleString() : 'never');
  row(dl, 'Sessions', list(u.nodes.map((n) => `${n.sessions} on ${n.name || n.nodeId}`), `${u.sessions}`));
  row(dl, 'Chat sessions', list(u.chatSessions, 'none'));
  const kick = document.createElement('button');
  kick.type = 'button';
  kick.className = 'danger';
  kick.textContent = `Kick ${u.userId}`;
  kick.setAttribute('aria-describedby', 'kick-help');
  const help = document.createElement('p');
  help.id = 'kick-help';
  help.className = 'hint';
  help.textContent = 'Closes every session of the user on every node (close code 4403). Their clients may reconnect.';
  kick.addEventListener('click', async () => {
    kick.disabled = true;
    const k = await api(`admin/sessions/${encodeURIComponent(u.userId)}`, { method: 'DELETE' });
    const said = k.status === 200 ? `Closed ${k.body.closed} session(s) of ${u.userId}.` : `Kick refused: ${k.body.message || k.status}`;
    await showUser(box, u.userId, said);
    box.querySelector('button')?.focus();
  });
  const result = document.createElement('p');
  result.className = 'result';
  result.setAttribute('role', 'status');
  result.textContent = note;
  box.replaceChildren(h, dl, kick, help, result);
}

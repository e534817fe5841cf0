// The live tiles and the node table of the operator page, drawn from one /api/admin/overview answer.
// Each tile is a list item whose label and value are plain text, so a screen reader reads "Users online 300".

const TILES = [
  ['online', 'Users online', (o) => o.usersOnline, () => 'invisible users included'],
  ['sessions', 'Sessions', (o) => o.sessions, (o) => `on ${o.nodes.length} node${o.nodes.length === 1 ? '' : 's'}`],
  ['nodes', 'Nodes', (o) => o.nodes.length, (o) => o.nodes.map((n) => n.name).join(', ')],
  ['connects', 'Connects / min', (o) => o.lastMinute?.connects ?? 0, (o) => lastMinute(o)],
  ['auth', 'Sign-in success', (o) => successRate(o.lastHour), (o) => `last hour: ${o.lastHour.connects} of ${o.lastHour.connects + o.lastHour.authFailures}`],
  ['messages', 'Messages / min', (o) => o.lastMinute?.messages ?? 0, (o) => lastMinute(o)],
  ['queue', 'Database queue', (o) => o.dbQueueDepth, () => 'users with writes waiting'],
  ['webhooks', 'Webhook backlog', (o) => (o.webhookPending === null ? 'off' : o.webhookPending),
    (o) => (o.webhookPending === null ? 'presence.webhook.url is not set' : 'events waiting to be sent')],
];

function lastMinute(o) {
  if (!o.lastMinute) return 'no minute recorded yet';
  return `minute from ${new Date(o.lastMinute.time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

function successRate(h) {
  const tries = h.connects + h.authFailures;
  return tries === 0 ? '–' : `${Math.round((1000 * h.connects) / tries) / 10} %`;
}

export function renderTiles(list, o) {
  if (!list.children.length) {
    for (const [id, label] of TILES) {
      const li = document.createElement('li');
      li.className = 'tile';
      li.id = `tile-${id}`;
      const name = document.createElement('span');
      name.className = 'label';
      name.textContent = label;
      const value = document.createElement('span');
      value.className = 'value';
      const sub = document.createElement('span');
      sub.className = 'sub';
      li.append(name, value, sub);
      list.append(li);
    }
  }
  for (const [id, , value, sub] of TILES) {
    const li = document.getElementById(`tile-${id}`);
    li.querySelector('.value').textContent = String(value(o));
    li.querySelector('.sub').textContent = sub(o);
  }
}

function age(now, then) {
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(then)) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function renderNodes(tbody, o) {
  tbody.replaceChildren(...o.nodes.map((n) => {
    const tr = document.createElement('tr');
    tr.dataset.node = n.nodeId;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = n.name;
    th.title = n.nodeId;
    tr.append(th);
    for (const text of [n.sessions, n.usersOnline, age(o.time, n.leaseRenewedAt), n.dbQueueDepth]) {
      const td = document.createElement('td');
      td.textContent = String(text);
      tr.append(td);
    }
    return tr;
  }));
}

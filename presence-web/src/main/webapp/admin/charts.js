// Small SVG charts for the operator page: a time axis, a value axis from zero, lines or bars. No library:
// these are a few dozen shapes each, drawn again when the data or the width changes.
// Screen readers get the chart's title and a summary (desc), and each axis and series as a labelled image.

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 200;
const M = { top: 12, right: 12, bottom: 26, left: 46 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
let ids = 0;

function node(name, attrs = {}, text) {
  const n = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/** 1, 2 or 5 times a power of ten, at least v (and at least 1). */
export function niceCeil(v) {
  if (!(v > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v);
}

/** A moment in full, for what is read rather than seen: the summaries and the axes' labels. */
export function formatMoment(t) {
  return new Date(t).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatTime(t, span) {
  const d = new Date(t);
  if (span > 2 * DAY) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Time ticks on round local times, at most six. */
function timeTicks(from, to) {
  const step = TICK_STEPS.find((s) => (to - from) / s <= 6) || TICK_STEPS.at(-1);
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const ticks = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** Splits points into runs with no gap longer than one and a half steps: a gap is drawn as a gap. */
function runs(points, step) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (p.v === null || p.v === undefined) continue;
    if (run.length && p.t - run.at(-1).t > step * 1.5) {
      out.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length) out.push(run);
  return out;
}

function summary(s, format) {
  const values = s.points.filter((p) => p.v !== null && p.v !== undefined);
  if (!values.length) return `${s.name}: no data`;
  const top = values.reduce((a, b) => (b.v > a.v ? b : a));
  return `${s.name}: ${values.length} points, highest ${format(top.v)} at ${formatMoment(top.t)}, latest ${format(values.at(-1).v)}`;
}

/**
 * Draws a chart into {@code el}.
 * @param {object} o  {title, from, to, step (ms between points), series: [{name, cls, points: [{t, v}]}],
 *                     kind: 'line' | 'bar', format: (value, top of the axis) => text, yLabel}
 *                    Bars span their interval: {@code to} is then the end of the last interval.
 */
export function draw(el, o) {
  const width = Math.max(260, Math.floor(el.clientWidth || 600));
  const span = o.to - o.from;
  const id = `chart-${++ids}`;
  const all = o.series.flatMap((s) => s.points.map((p) => p.v)).filter((v) => v !== null && v !== undefined);
  const top = niceCeil(Math.max(0, ...all));
  const format = (v) => (o.format ? o.format(v, top) : String(Math.round(v)));
  const x = (t) => M.left + ((t - o.from) / span) * (width - M.left - M.right);
  const y = (v) => HEIGHT - M.bottom - (v / top) * (HEIGHT - M.top - M.bottom);
  const svg = node('svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'group', 'aria-labelledby': `${id}-t ${id}-d` });
  svg.append(node('title', { id: `${id}-t` }, o.title));
  const described = all.length ? o.series.map((s) => summary(s, format)).join('. ')
    : 'No figures were recorded in this range yet.';
  svg.append(node('desc', { id: `${id}-d` }, `${formatMoment(o.from)} to ${formatMoment(o.to)}. ${described}`));

  const yAxis = node('g', { class: 'axis', role: 'img', 'aria-label': `Vertical axis, ${o.yLabel}: 0 to ${format(top)}` });
  for (const v of [0, top / 2, top]) {
    yAxis.append(node('line', { x1: M.left, x2: width - M.right, y1: y(v), y2: y(v), class: 'grid' }));
    yAxis.append(node('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  const xAxis = node('g', { class: 'axis', role: 'img', 'aria-label': `Horizontal axis, time: ${formatMoment(o.from)} to ${formatMoment(o.to)}` });
  xAxis.append(node('line', { x1: M.left, x2: width - M.right, y1: y(0), y2: y(0), class: 'base' }));
  for (const t of timeTicks(o.from, o.to)) {
    // labels at the ends are anchored inwards, so none is cut off
    const anchor = x(t) < M.left + 24 ? 'start' : x(t) > width - M.right - 24 ? 'end' : 'middle';
    xAxis.append(node('text', { x: x(t), y: HEIGHT - 8, 'text-anchor': anchor }, formatTime(t, span)));
  }
  svg.append(yAxis, xAxis);
  // the plot area clips the series: the first interval may start a little before the range does
  const clip = node('clipPath', { id: `${id}-clip` });
  clip.append(node('rect', { x: M.left, y: 0, width: width - M.left - M.right, height: HEIGHT - M.bottom + 1 }));
  svg.append(clip);

  o.series.forEach((s, i) => {
    const g = node('g', { class: `series ${s.cls || `s${i}`}`, role: 'img', 'aria-label': summary(s, format), 'clip-path': `url(#${id}-clip)` });
    if (o.kind === 'bar') {
      const slot = (o.step / span) * (width - M.left - M.right);
      const w = Math.max(2, (slot * 0.8) / o.series.length);
      for (const p of s.points) {
        if (p.v === null || p.v === undefined) continue;
        const left = x(p.t) + slot * 0.1 + i * w;
        g.append(node('rect', { x: left, y: y(p.v), width: w, height: Math.max(0, y(0) - y(p.v)) }));
      }
    } else {
      for (const run of runs(s.points, o.step)) {
        if (run.length === 1) {
          g.append(node('circle', { cx: x(run[0].t), cy: y(run[0].v), r: 3 }));
        } else {
          const d = run.map((p, k) => `${k ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
          g.append(node('path', { d }));
        }
      }
    }
    svg.append(g);
  });
  if (!all.length) {
    svg.append(node('text', { x: width / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty', 'aria-hidden': 'true' }, 'No data yet'));
  }

  const legend = document.createElement('ul');
  legend.className = 'legend';
  legend.setAttribute('aria-hidden', 'true'); // the series' labels say the same to screen readers
  for (const [i, s] of o.series.entries()) {
    const li = document.createElement('li');
    li.className = `series ${s.cls || `s${i}`}`;
    li.textContent = s.name;
    legend.append(li);
  }
  el.replaceChildren(svg, legend);
}

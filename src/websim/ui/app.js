// The web simulator's page. Every simulation runs on the server (rumor's own lab and
// simulator, through api/); this script only asks for steps and draws the answers.
// Query parameters fill the form; ?click=N clicks node N once the session exists and
// ?play=1 then presses play (for demos, and the headless browser test).
'use strict';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const pageQuery = new URLSearchParams(location.search);
const token = pageQuery.get('token');
const form = $('controls');

let session = null;   // the last state the server sent
let playing = false;
let events = 0;       // protocol: crashes and broadcasts asked for
let history = [];     // protocol: fraction reached, per step
let pending = Promise.resolve();  // the last node click's request

function api(method, path, params) {
  const q = new URLSearchParams(params || {});
  if (token) q.set('token', token);
  return fetch('api/' + path + '?' + q.toString(), { method }).then(async (r) => {
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  });
}

function showError(e) {
  $('error').textContent = e ? String(e.message || e) : '';
  if (e) setStatus('error', String(e.message || e));
}

function setStatus(state, text) {
  const s = $('status');
  s.dataset.state = state;
  s.textContent = text;
}

function formParams() {
  const data = new FormData(form);
  const kind = data.get('kind');
  const keys = kind === 'lab'
    ? ['nodes', 'seed', 'loss', 'algorithm', 'mode', 'stop', 'decay', 'k', 'fanout', 'view', 'failed']
    : ['nodes', 'seed', 'loss', 'step_ms'];
  const p = { kind };
  for (const k of keys) p[k] = data.get(k);
  return p;
}

function syncClasses() {
  document.body.className = 'kind-' + form.elements.kind.value + ' algo-' + form.elements.algorithm.value;
}

// Nodes on a sunflower spiral: evenly spread over a disc whatever their number.
function position(i, n) {
  const r = 0.98 * Math.sqrt((i + 0.5) / n);
  const a = i * 2.399963229728653;
  return [r * Math.cos(a), r * Math.sin(a)];
}

function buildGraph(n) {
  const g = $('nodes');
  g.textContent = '';
  $('edges').textContent = '';
  const radius = Math.min(0.05, 0.8 / Math.sqrt(n));
  for (let i = 0; i < n; i++) {
    const [x, y] = position(i, n);
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('cx', x.toFixed(4));
    c.setAttribute('cy', y.toFixed(4));
    c.setAttribute('r', radius.toFixed(4));
    c.dataset.node = i;
    const t = document.createElementNS(SVG, 'title');
    t.textContent = 'node ' + i;
    c.appendChild(t);
    c.addEventListener('click', () => clickNode(i));
    g.appendChild(c);
  }
  const obs = $('observer');
  obs.length = 1;
  if (form.elements.kind.value === 'protocol')
    for (let i = 0; i < n; i++) obs.add(new Option('node ' + i, String(i)));
}

function drawEdges(messages, n) {
  const g = $('edges');
  g.textContent = '';
  for (const m of messages) {
    const [x1, y1] = position(m[0], n);
    const [x2, y2] = position(m[1], n);
    const l = document.createElementNS(SVG, 'line');
    l.setAttribute('x1', x1.toFixed(4));
    l.setAttribute('y1', y1.toFixed(4));
    l.setAttribute('x2', x2.toFixed(4));
    l.setAttribute('y2', y2.toFixed(4));
    l.dataset.from = m[0];
    l.dataset.to = m[1];
    if (session.kind === 'lab') {
      if (m[2] & 1) l.classList.add('pull');
      if (m[2] & 2) l.classList.add('lost');
      if (m[2] & 4) l.classList.add('informed');
    } else {
      l.dataset.type = m[2];
      if (!m[3]) l.classList.add('lost');
    }
    g.appendChild(l);
  }
  $('messages').textContent = String(messages.length);
}

function polyline(el, values) {
  const w = 300, h = 160, count = Math.max(values.length, 2);
  el.setAttribute('points', values.map((v, i) =>
    (i * w / (count - 1)).toFixed(1) + ',' + (h - v * (h - 4) - 2).toFixed(1)).join(' '));
}

function render(s) {
  session = s;
  const n = s.params.nodes;
  if ($('nodes').childElementCount !== n) buildGraph(n);
  const circles = $('nodes').children;
  if (s.kind === 'lab') {
    for (let i = 0; i < n; i++) circles[i].dataset.state = s.nodes[i];
    $('cycle-label').textContent = 'cycle';
    $('cycle').textContent = String(s.cycle);
    $('informed').textContent = s.informed + ' / ' + s.live;
    const p = s.prediction;
    const parts = [];
    if (p.t_last != null) parts.push('≈ ' + p.t_last.toFixed(1) + ' cycles (mean field)');
    if (p.t_last_asymptotic != null) parts.push(formula(s) + ' = ' + p.t_last_asymptotic.toFixed(1));
    if (p.residue != null) parts.push('residue ≈ ' + p.residue.toFixed(3));
    $('prediction').textContent = parts.length ? parts.join('; ') : p.basis;
    $('prediction').title = p.basis;
    $('describe').textContent = s.describe;
    polyline($('measured'), s.curve);
    polyline($('predicted'), p.informed.slice(0, Math.max(s.curve.length, p.informed.length)));
    if (s.over) setStatus('over', 'over after ' + s.cycle + ' cycles: ' + s.informed + ' of ' + s.live + ' reached');
    else if (!s.started) setStatus('idle', 'click a node to infect it');
    else if (!playing) setStatus('ready', 'cycle ' + s.cycle);
  } else {
    let crashed = 0, settled = true;
    for (let i = 0; i < n; i++) {
      const c = circles[i];
      const down = s.crashed[i] === 'x';
      crashed += down ? 1 : 0;
      c.dataset.state = down ? 'x' : s.broadcast[i] === '1' ? 'i' : 's';
      c.dataset.seen = s.states[i];
      if (down && s.states[i] !== 'd') settled = false;
    }
    const live = n - crashed;
    if (s.reached > 0 && s.reached < live) settled = false;
    $('cycle-label').textContent = 'step';
    $('cycle').textContent = String(s.step);
    $('informed').textContent = s.reached + ' / ' + live;
    $('prediction').textContent = 't = ' + (s.time_ms / 1000).toFixed(1) + ' s virtual';
    $('describe').textContent = 'SWIM (rumor core), ' + n + ' nodes, lan profile';
    if (history.length <= s.step) history[s.step] = live ? s.reached / live : 0;
    polyline($('measured'), Array.from(history, (v) => v || 0));
    polyline($('predicted'), []);
    s.settled = events > 0 && settled;
    if (s.settled) setStatus('over', 'settled at step ' + s.step);
    else if (!playing) setStatus('ready', 'step ' + s.step);
  }
  drawEdges(s.messages, n);
}

function formula(s) {
  return s.params.mode === 'push-pull' ? 'log3 n' : 'log2 n + ln n';
}

function observerParam() {
  const v = $('observer').value;
  return v === '' ? {} : { observer: v };
}

async function create() {
  playing = false;
  events = 0;
  history = [];
  showError(null);
  syncClasses();
  try {
    if (session && session.session) api('DELETE', 'sessions/' + session.session).catch(() => {});
    session = null;
    $('nodes').textContent = '';
    render(await api('POST', 'sessions', formParams()));
  } catch (e) {
    showError(e);
  }
}

async function act(action, params) {
  if (!session) return;
  try {
    render(await api('POST', 'sessions/' + session.session + '/' + action,
                     Object.assign(observerParam(), params || {})));
    showError(null);
  } catch (e) {
    playing = false;
    showError(e);
  }
}

function clickNode(i) {
  if (!session) return;
  if (session.kind === 'protocol') events++;
  pending = act(session.kind === 'protocol' ? $('click-does').value : 'infect', { node: i });
}

function done() {
  return session && (session.kind === 'lab' ? session.over || !session.started : session.settled);
}

async function play() {
  if (playing || !session) return;
  if (session.kind === 'lab' && !session.started) return showError('click a node to infect it first');
  playing = true;
  setStatus('playing', 'playing');
  while (playing && !done()) {
    await act('step', { count: 1 });
    await new Promise((r) => setTimeout(r, session && session.kind === 'lab' ? 120 : 60));
  }
  playing = false;
  if (session) render(session);
}

form.addEventListener('submit', (e) => { e.preventDefault(); create(); });
form.elements.kind.addEventListener('change', () => {
  form.elements.nodes.max = form.elements.kind.value === 'lab' ? 2000 : 200;
  if (form.elements.kind.value === 'protocol' && +form.elements.nodes.value > 200) form.elements.nodes.value = 32;
  create();
});
form.elements.algorithm.addEventListener('change', syncClasses);
$('step').addEventListener('click', () => act('step', { count: 1 }));
$('play').addEventListener('click', play);
$('pause').addEventListener('click', () => { playing = false; });
$('reset').addEventListener('click', async () => {
  playing = false;
  events = 0;
  history = [];
  await act('reset');
});
$('observer').addEventListener('change', () => {
  if (session) api('GET', 'sessions/' + session.session, observerParam()).then(render, showError);
});

async function start() {
  for (const [k, v] of pageQuery) {
    if (form.elements[k]) form.elements[k].value = v;
    else if (k === 'click-does') $('click-does').value = v;
  }
  await create();
  if (pageQuery.has('click')) {
    const c = $('nodes').children[Number(pageQuery.get('click'))];
    if (c) c.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await pending;
  }
  if (pageQuery.get('play') === '1') $('play').click();
}

start();

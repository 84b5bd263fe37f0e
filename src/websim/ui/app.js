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
let history = [];     // protocol: the followed fraction, per step since the event
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
  const engine = data.get('engine');
  const keys = engine === 'lab'
    ? ['nodes', 'seed', 'loss', 'algorithm', 'mode', 'stop', 'decay', 'k', 'fanout', 'view', 'failed']
    : ['nodes', 'seed', 'loss', 'step_ms'];
  const p = { engine };
  for (const k of keys) p[k] = data.get(k);
  return p;
}

function syncClasses() {
  document.body.className = 'engine-' + form.elements.engine.value + ' algo-' + form.elements.algorithm.value;
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
  if (form.elements.engine.value === 'protocol')
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
    if (session.engine === 'lab') {
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

// Draws `values` (fractions, one per cycle or step) across the chart, whose x axis
// spans `count` of them.
function polyline(el, values, count) {
  const w = 300, h = 160, span = Math.max(count || values.length, 2) - 1;
  el.setAttribute('points', values.map((v, i) =>
    (i * w / span).toFixed(1) + ',' + (h - v * (h - 4) - 2).toFixed(1)).join(' '));
}

function render(s) {
  session = s;
  const n = s.params.nodes;
  if ($('nodes').childElementCount !== n) buildGraph(n);
  const circles = $('nodes').children;
  if (s.engine === 'lab') {
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
    const span = Math.max(s.curve.length, p.informed.length);
    polyline($('measured'), s.curve, span);
    polyline($('predicted'), p.informed, span);
    $('informed-label').textContent = 'reached';
    $('chart-says').textContent = 'fraction of live nodes reached, per cycle';
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
    const live = s.live;
    // Settled: the broadcast reached every live node, and every live node declared the
    // crashed one dead (not only the majority the rings show).
    if (s.reached > 0 && s.reached < live) settled = false;
    if (s.event.kind === 'crash' && s.declared_dead < live) settled = false;
    $('cycle-label').textContent = 'step';
    $('cycle').textContent = String(s.step);
    $('time').textContent = (s.time_ms / 1000).toFixed(1) + ' s virtual' +
      (s.event.kind !== 'none' ? ' (' + (s.event.since_ms / 1000).toFixed(1) + ' s since the ' + s.event.kind + ')' : '');
    const p = s.prediction;
    $('prediction').title = p.basis;
    // What the rows and the chart follow: the latest broadcast or crash.
    let measured = null, predicted = [];
    if (s.event.kind === 'crash') {
      const x = s.event.node, others = live;
      $('informed-label').textContent = 'declared dead';
      $('informed').textContent = s.declared_dead + ' / ' + others +
        (s.suspecting ? ' (' + s.suspecting + ' suspect)' : '');
      $('prediction').textContent = 'suspected after ≈ ' + p.suspect_min_s.toFixed(0) + '–' +
        p.suspect_max_s.toFixed(0) + ' s, dead after ≈ ' + p.dead_min_s.toFixed(1) + '–' +
        p.dead_max_s.toFixed(1) + ' s';
      measured = others ? s.declared_dead / others : 0;
      const at = Math.round(p.dead_min_s * 1000 / s.params.step_ms);
      predicted = Array.from({ length: at + 2 }, (_, i) => (i > at ? 1 : 0));
      $('chart-says').textContent = 'fraction of live nodes that declared node ' + x +
        ' dead, per step; the model at the shortest suspicion timeout';
    } else {
      $('informed-label').textContent = 'reached';
      $('informed').textContent = s.reached + ' / ' + live;
      if (s.event.kind === 'broadcast') {
        $('prediction').textContent = '≈ ' + p.rounds.toFixed(1) + ' gossip rounds, ' +
          p.seconds.toFixed(1) + ' s to reach all';
        measured = live ? s.reached / live : 0;
        predicted = p.reached;
      } else {
        $('prediction').textContent = 'click a node';
      }
      $('chart-says').textContent = 'fraction of live nodes reached, per step';
    }
    $('describe').textContent = 'SWIM (rumor core), ' + n + ' nodes, lan profile';
    if (measured !== null) {
      const i = s.step - s.event.step;
      if (i >= 0) history[i] = measured;
    }
    const values = Array.from(history, (v) => v || 0);
    const span = Math.max(values.length, predicted.length);
    polyline($('measured'), values, span);
    polyline($('predicted'), predicted, span);
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
  if (session.engine === 'protocol') {
    events++;
    history = [];  // the chart follows the new event
  }
  pending = act(session.engine === 'protocol' ? $('click-does').value : 'infect', { node: i });
}

function done() {
  return session && (session.engine === 'lab' ? session.over || !session.started : session.settled);
}

async function play() {
  if (playing || !session) return;
  if (session.engine === 'lab' && !session.started) return showError('click a node to infect it first');
  playing = true;
  setStatus('playing', 'playing');
  while (playing && !done()) {
    await act('step', { count: 1 });
    await new Promise((r) => setTimeout(r, session && session.engine === 'lab' ? 120 : 60));
  }
  playing = false;
  if (session) render(session);
}

form.addEventListener('submit', (e) => { e.preventDefault(); create(); });
form.elements.engine.addEventListener('change', () => {
  form.elements.nodes.max = form.elements.engine.value === 'lab' ? 2000 : 200;
  if (form.elements.engine.value === 'protocol' && +form.elements.nodes.value > 200) form.elements.nodes.value = 32;
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
  for (const [key, v] of pageQuery) {
    const k = key === 'kind' ? 'engine' : key;  // the old name of the engine parameter
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

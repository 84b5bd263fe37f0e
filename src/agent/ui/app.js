// rumor's dashboard: polls /v1/members, /v1/stats and /v1/peers, and listens to
// /v1/events (server-sent events). Vanilla JavaScript, served as is by the agent.
// With ?token=... in the page's address, every API call carries it.
'use strict';

(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  const pollMs = Math.max(250, Number(params.get('poll')) || 2000);
  const maxEvents = 100;
  const maxSamples = 60;

  const state = {
    self: '',
    members: [],
    edges: [],
    samples: [],  // {t, msgsIn, msgsOut}
    rates: [],    // {in, out} messages per second
  };

  function api(path) {
    if (!token) return path;
    return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
  }

  async function getJSON(path) {
    const r = await fetch(api(path), {cache: 'no-store'});
    if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
    return r.json();
  }

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function setStatus(s, text) {
    const e = $('status');
    e.dataset.state = s;
    e.textContent = text || s;
  }

  function fmt(n) {
    if (!isFinite(n)) return '–';
    if (n >= 100) return Math.round(n).toString();
    if (n >= 10) return n.toFixed(1);
    return n.toFixed(2);
  }

  // ---- members ----

  function renderMembers() {
    const tbody = $('members').tBodies[0];
    const rows = state.members.map((m) => {
      const tr = el('tr', {'data-name': m.name, 'data-status': m.status, class: 'status-' + m.status});
      if (m.name === state.self) tr.classList.add('self');
      tr.appendChild(el('td', {class: 'name'}, m.name));
      tr.appendChild(el('td', {class: 'addr'}, m.addr + ':' + m.port));
      const st = el('td', {class: 'status'});
      st.appendChild(el('span', {class: 'badge ' + m.status}, m.status));
      tr.appendChild(st);
      const tags = el('td', {class: 'tags'});
      for (const [k, v] of Object.entries(m.tags || {})) tags.appendChild(el('span', {class: 'tag'}, k + '=' + v));
      tr.appendChild(tags);
      return tr;
    });
    tbody.replaceChildren(...rows);
    const counts = {};
    for (const m of state.members) counts[m.status] = (counts[m.status] || 0) + 1;
    $('member-count').textContent = String(state.members.length);
    $('member-states').textContent =
      Object.entries(counts).map(([s, n]) => n + ' ' + s).join(' · ') || 'none';
  }

  async function pollMembers() {
    const r = await getJSON('/v1/members');
    state.members = r.members || [];
    renderMembers();
    renderGossip();
  }

  // ---- stats ----

  function renderStats(st) {
    state.self = st.node || '';
    $('node').textContent = state.self;
    const h = $('health');
    h.textContent = String(st.health_score);
    h.dataset.score = String(st.health_score);
    h.className = 'value ' + (st.health_score === 0 ? 'ok' : st.health_score < 4 ? 'warn' : 'bad');
    $('suspicions').textContent = String(st.suspicions);
    $('refutations').textContent = String(st.refutations);
    let dropped = 0;
    for (const v of Object.values(st.dropped || {})) dropped += v;
    $('dropped').textContent = dropped + ' dropped';

    const now = performance.now();
    const msgs = st.messages || {};
    const sample = {t: now, msgsIn: msgs.total_in || 0, msgsOut: msgs.total_out || 0};
    const prev = state.samples[state.samples.length - 1];
    state.samples.push(sample);
    if (state.samples.length > maxSamples) state.samples.shift();
    if (prev && sample.t > prev.t) {
      const dt = (sample.t - prev.t) / 1000;
      state.rates.push({
        in: Math.max(0, (sample.msgsIn - prev.msgsIn) / dt),
        out: Math.max(0, (sample.msgsOut - prev.msgsOut) / dt),
      });
      if (state.rates.length > maxSamples) state.rates.shift();
    }
    renderRates();
  }

  // Round tick steps (1, 2 or 5 times a power of ten) giving about `target` ticks from
  // 0 to at least `max`.
  function niceStep(max, target) {
    const raw = max / target;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
    return 10 * mag;
  }

  // The rate chart: a y axis in messages per second, an x axis in seconds before now.
  const chart = {w: 340, h: 150, left: 40, right: 8, top: 8, bottom: 20};
  function renderRates() {
    const last = state.rates[state.rates.length - 1];
    $('rate-in').textContent = last ? fmt(last.in) : '–';
    $('rate-out').textContent = last ? fmt(last.out) : '–';
    let peak = 0;
    for (const r of state.rates) peak = Math.max(peak, r.in, r.out);
    const step = niceStep(Math.max(peak, 1), 4);
    const top = Math.ceil(Math.max(peak, 1) / step) * step;
    const x0 = chart.left, x1 = chart.w - chart.right, y0 = chart.h - chart.bottom, y1 = chart.top;
    const n = state.rates.length;
    // Each rate sits at the time of the sample that ended it; the x axis spans them.
    const times = state.samples.slice(-n).map((s) => s.t);
    const now = times.length ? times[times.length - 1] : 0;
    const span = Math.max(1, times.length > 1 ? (now - times[0]) / 1000 : (maxSamples * pollMs) / 1000);
    const xOf = (i) => (n > 1 ? x1 - ((now - times[i]) / 1000 / span) * (x1 - x0) : x1);
    const yOf = (v) => y0 - (v / top) * (y0 - y1);
    const axis = [];
    for (let v = 0; v <= top + 1e-9; v += step) {
      const y = yOf(v).toFixed(1);
      axis.push(svg('line', {x1: x0, y1: y, x2: x1, y2: y}));
      axis.push(svg('text', {class: 'y', x: x0 - 4, y: (yOf(v) + 3).toFixed(1)}, String(+v.toPrecision(3))));
    }
    const xs = [[x0, 'start', '−' + Math.round(span) + ' s'],
                [(x0 + x1) / 2, 'middle', '−' + Math.round(span / 2) + ' s'], [x1, 'end', 'now']];
    for (const [x, anchor, label] of xs)
      axis.push(svg('text', {class: 'x', x: x, y: chart.h - 6, 'text-anchor': anchor}, label));
    $('rate-axis').replaceChildren(...axis);
    const pts = (key) => state.rates.map((r, i) => xOf(i).toFixed(1) + ',' + yOf(r[key]).toFixed(1)).join(' ');
    $('rate-in-line').setAttribute('points', pts('in'));
    $('rate-out-line').setAttribute('points', pts('out'));
    $('rate-max').textContent = n ? '(peak ' + fmt(peak) + '/s)' : '';
  }

  async function pollStats() {
    renderStats(await getJSON('/v1/stats'));
  }

  // ---- gossip graph ----

  function renderGossip() {
    const g = $('gossip');
    const status = {};
    for (const m of state.members) status[m.name] = m.status;
    const names = new Set(state.members.map((m) => m.name));
    for (const e of state.edges) {
      names.add(e.from);
      names.add(e.to);
    }
    const list = [...names].sort();
    const r = 120;
    const pos = {};
    list.forEach((name, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, list.length) - Math.PI / 2;
      pos[name] = {x: r * Math.cos(a), y: r * Math.sin(a)};
    });
    let maxMsgs = 1;
    for (const e of state.edges) maxMsgs = Math.max(maxMsgs, e.messages);
    // An arrowhead for the direction of traffic.
    const defs = svg('defs');
    const marker = svg('marker', {
      // In user space, so the head keeps its size whatever the line's width; the tip
      // stops at the target's circle (radius 9: 10 + 9 / 0.8 view box units back).
      id: 'arrow', viewBox: '0 0 10 10', refX: 21, refY: 5, markerWidth: 8, markerHeight: 8,
      markerUnits: 'userSpaceOnUse', orient: 'auto',
    });
    marker.appendChild(svg('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead'}));
    defs.appendChild(marker);
    const items = [defs];
    for (const e of state.edges) {
      const a = pos[e.from], b = pos[e.to];
      if (!a || !b || e.from === e.to) continue;
      const width = 0.5 + 4 * Math.log1p(e.messages) / Math.log1p(maxMsgs);
      const line = svg('line', {
        x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        'stroke-width': width.toFixed(2), 'data-from': e.from, 'data-to': e.to,
        'data-messages': e.messages, 'marker-end': 'url(#arrow)',
      });
      line.appendChild(svg('title', {}, e.from + ' → ' + e.to + ': ' + e.messages + ' messages'));
      items.push(line);
    }
    for (const name of list) {
      const p = pos[name];
      const node = svg('g', {'data-node': name, class: name === state.self ? 'self' : ''});
      node.appendChild(svg('circle', {
        cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 9, class: status[name] || 'unknown',
      }));
      const ty = p.y < 0 ? p.y - 13 : p.y + 21;
      node.appendChild(svg('text', {x: p.x.toFixed(1), y: ty.toFixed(1)}, name));
      items.push(node);
    }
    g.replaceChildren(...items);
    $('gossip-note').textContent = state.edges.length
      ? state.edges.length + ' links'
      : 'no per-peer traffic reported yet';
  }

  async function pollPeers() {
    const r = await getJSON('/v1/peers');
    state.edges = r.edges || [];
    renderGossip();
  }

  // ---- events ----

  function decodePayload(b64) {
    if (!b64) return '';
    try {
      const bin = atob(b64);
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
      return /^[\P{Cc}\t\n]*$/u.test(text) ? text : '<' + bytes.length + ' bytes>';
    } catch (e) {
      return '<binary>';
    }
  }

  function describe(ev) {
    if (ev.members) return ev.members.map((m) => m.name).join(', ');
    const payload = decodePayload(ev.payload);
    return ev.name + (payload ? ': ' + payload : '');
  }

  function addEvent(ev) {
    const list = $('events');
    if (list.querySelector('li[data-id="' + ev.id + '"]')) return;  // replayed twice
    const li = el('li', {'data-type': ev.type, 'data-id': String(ev.id)});
    const t = new Date(ev.time_ms);
    li.appendChild(el('span', {class: 'time'}, t.toLocaleTimeString()));
    li.appendChild(el('span', {class: 'type'}, ev.type));
    li.appendChild(el('span', {class: 'detail'}, describe(ev)));
    list.insertBefore(li, list.firstChild);
    while (list.children.length > maxEvents) list.removeChild(list.lastChild);
    if (ev.members) scheduleMembers();
  }

  let membersTimer = null;
  function scheduleMembers() {
    if (membersTimer) return;
    membersTimer = setTimeout(() => {
      membersTimer = null;
      pollMembers().catch(() => {});
    }, 200);
  }

  function listen() {
    if (!window.EventSource) return;
    const es = new EventSource(api('/v1/events'));
    es.onopen = () => setStatus('live');
    // The server recycles streams now and then: the EventSource reconnects by itself,
    // resuming after the last id it saw. CLOSED means it gave up (a 401, for one).
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setStatus('error', 'event stream refused');
      else setStatus('connecting', 'reconnecting');
    };
    es.onmessage = (m) => {
      try {
        addEvent(JSON.parse(m.data));
      } catch (e) {
        // not ours
      }
    };
  }

  // ---- polling ----

  async function poll() {
    try {
      await Promise.all([pollStats(), pollMembers(), pollPeers()]);
      if ($('status').dataset.state !== 'live') setStatus('polling');
    } catch (e) {
      setStatus('error', e.message);
    }
    setTimeout(poll, pollMs);
  }

  poll();
  listen();
})();

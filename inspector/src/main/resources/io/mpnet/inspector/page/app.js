// The inspector page: reads the server's event stream (one "call" event per change, the whole call
// each time) and draws the table, the waterfall and the selected call. Everything the server sends
// is shown with textContent, never parsed as HTML.
'use strict';

(function () {
  const calls = new Map();   // id -> call, in the order first seen
  const rows = new Map();    // id -> <tr>
  let selected = null;
  let dropped = 0;
  let renderPending = false;

  const $ = (id) => document.getElementById(id);
  const tbody = document.querySelector('#calls tbody');
  const filters = { kind: $('filter-kind'), status: $('filter-status'), refused: $('filter-refused'), url: $('filter-url') };

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function bytes(n) {
    if (n === null || n === undefined || n < 0) return '';
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' kB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function millis(n) {
    return n === null || n === undefined || n < 0 ? '' : Math.round(n) + ' ms';
  }

  function statusText(c) {
    if (c.state === 'refused') return '(refused)';
    if (c.state === 'failed') return c.status > 0 ? c.status + ' (failed)' : '(failed)';
    if (c.state === 'pending') return c.status > 0 ? String(c.status) : '(pending)';
    return String(c.status);
  }

  function sizeText(c) {
    if (c.api === 'connectSocket' || c.api === 'udp' || c.api === 'tcp') {
      return c.frames.length + c.framesDropped + ' frames';
    }
    if (c.size >= 0) return bytes(c.size);
    if (c.bytes >= 0) return bytes(c.bytes) + (c.progress >= 0 ? ' ' + c.progress + '%' : '');
    return '';
  }

  function visible(c) {
    const f = filters;
    if (f.kind.value && c.api !== f.kind.value) return false;
    const s = f.status.value;
    if (s === 'failed' && c.state !== 'failed') return false;
    if (s === 'pending' && !(c.state === 'pending' || c.state === 'open')) return false;
    if (/^[2-5]$/.test(s) && !(c.status >= 100 && String(c.status).charAt(0) === s)) return false;
    if (f.refused.value === 'only' && c.state !== 'refused') return false;
    if (f.refused.value === 'hide' && c.state === 'refused') return false;
    if (f.url.value && c.url.indexOf(f.url.value) < 0) return false;
    return true;
  }

  function row(c) {
    let tr = rows.get(c.id);
    if (!tr) {
      tr = el('tr');
      for (const name of ['id', 'runtime', 'kind', 'method', 'url', 'status', 'rule', 'queued', 'time', 'size', 'waterfall']) {
        tr.appendChild(el('td', name));
      }
      tr.addEventListener('click', () => select(c.id));
      tbody.appendChild(tr);
      rows.set(c.id, tr);
    }
    tr.dataset.id = c.id;
    tr.dataset.url = c.url;
    tr.dataset.state = c.state;
    tr.dataset.status = String(c.status);
    tr.className = [c.state, c.status >= 400 ? 'http-error' : '', c.id === selected ? 'selected' : ''].join(' ').trim();
    const td = tr.children;
    td[0].textContent = c.callId;
    td[1].textContent = c.runtime;
    td[2].textContent = c.api;
    td[3].textContent = c.method;
    td[4].textContent = c.url;
    td[4].title = c.url;
    td[5].textContent = statusText(c);
    td[6].textContent = c.rule || '';
    if (c.explanation) td[6].title = c.explanation;
    td[7].textContent = c.queuedMillis > 0 ? millis(c.queuedMillis) : '';
    td[8].textContent = millis(c.time);
    td[9].textContent = sizeText(c);
    return tr;
  }

  function waterfall(list) {
    let min = Infinity;
    let max = -Infinity;
    for (const c of list) {
      min = Math.min(min, c.startedAt);
      max = Math.max(max, c.startedAt + Math.max(c.time, 0));
    }
    const range = Math.max(max - min, 1);
    for (const c of list) {
      const cell = rows.get(c.id).children[10];
      cell.textContent = '';
      if (c.time < 0 && c.phases.length === 0) continue;
      const bar = el('div', 'bar');
      bar.style.left = ((c.startedAt - min) / range * 100) + '%';
      const total = Math.max(c.time, 1);
      bar.style.width = (total / range * 100) + '%';
      bar.title = c.phases.map((p) => p.name + ' ' + millis(p.end - p.start)).join(', ');
      for (const p of c.phases) {
        const seg = el('span', p.name);
        seg.style.width = ((p.end - p.start) / total * 100) + '%';
        bar.appendChild(seg);
      }
      cell.appendChild(bar);
    }
  }

  function render() {
    renderPending = false;
    const shown = [];
    for (const c of calls.values()) {
      const tr = row(c);
      tr.hidden = !visible(c);
      if (!tr.hidden) shown.push(c);
    }
    waterfall(shown);
    $('summary').textContent = shown.length + ' / ' + calls.size + ' calls' + (dropped > 0 ? ', ' + dropped + ' events dropped' : '');
    if (selected && calls.has(selected)) details(calls.get(selected));
  }

  function schedule() {
    if (!renderPending) {
      renderPending = true;
      setTimeout(render, 30);
    }
  }

  function definitions(pairs) {
    const dl = el('dl');
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === '') continue;
      dl.appendChild(el('dt', null, k));
      dl.appendChild(el('dd', null, v));
    }
    return dl;
  }

  function section(body, title, content) {
    body.appendChild(el('h3', null, title));
    body.appendChild(content);
  }

  function headerTable(headers) {
    const names = Object.keys(headers || {});
    if (names.length === 0) return el('p', null, '(none)');
    return definitions(names.map((n) => [n, headers[n]]));
  }

  function details(c) {
    $('details').hidden = false;
    $('details-title').textContent = c.method + ' ' + c.url;
    const body = $('details-body');
    body.textContent = '';
    section(body, 'General', definitions([
      ['Runtime', c.runtime], ['Call', '#' + c.callId], ['Kind', c.api], ['Status', statusText(c)],
      ['Protocol', c.protocol], ['Remote address', c.peerIP], ['Reused connection', c.socketReused === undefined ? '' : String(c.socketReused)],
      ['Queued in the gate', c.queued ? millis(c.queuedMillis) : ''], ['Time', millis(c.time)], ['Size', sizeText(c)],
      ['Rule', c.rule], ['errMsg', c.errMsg], ['errno', c.errno],
      ['Close', c.closeCode >= 0 ? c.closeCode + (c.closeReason ? ' ' + c.closeReason : '') : '']]));
    if (c.explanation) body.appendChild(el('p', 'explanation', c.explanation));
    if (c.phases.length > 0) {
      const t = el('table', 'small timing');
      for (const p of c.phases) {
        const tr = el('tr');
        tr.appendChild(el('td', null, p.name));
        tr.appendChild(el('td', null, millis(p.start)));
        tr.appendChild(el('td', null, millis(p.end - p.start)));
        t.appendChild(tr);
      }
      section(body, 'Timing (R-10 profile: start, duration)', t);
    }
    if (c.redirects && c.redirects.length > 0) {
      const t = el('table', 'small redirects');
      for (const r of c.redirects) {
        const tr = el('tr');
        tr.appendChild(el('td', null, String(r.status)));
        tr.appendChild(el('td', null, millis(r.at - c.startedAt)));
        tr.appendChild(el('td', null, r.from + ' → ' + r.method + ' ' + r.to));
        t.appendChild(tr);
      }
      section(body, 'Redirects (R-7)', t);
    }
    section(body, 'Request headers', headerTable(c.requestHeaders));
    if (c.requestBodyPreview !== null && c.requestBodyPreview !== undefined) {
      section(body, 'Request body', el('pre', 'preview', c.requestBodyPreview));
    }
    section(body, 'Response headers', headerTable(c.responseHeaders));
    if (c.bodyPreview !== null && c.bodyPreview !== undefined) {
      section(body, 'Response preview', el('pre', 'preview', c.bodyPreview));
    }
    if (c.frames.length > 0 || c.api === 'connectSocket') {
      const t = el('table', 'small frames');
      for (const f of c.frames) {
        const tr = el('tr', f.sent ? 'frame-sent' : 'frame-received');
        tr.appendChild(el('td', null, f.sent ? '↑' : '↓'));
        tr.appendChild(el('td', null, millis(f.at - c.startedAt)));
        tr.appendChild(el('td', null, bytes(f.size)));
        tr.appendChild(el('td', null, f.text ? f.preview : '(binary)'));
        t.appendChild(tr);
      }
      const title = 'Frames' + (c.framesDropped > 0 ? ' (' + c.framesDropped + ' older not kept)' : '');
      section(body, title, t);
    }
  }

  function select(id) {
    selected = id;
    render();
  }

  $('close-details').addEventListener('click', () => {
    selected = null;
    $('details').hidden = true;
    render();
  });
  for (const f of Object.values(filters)) {
    f.addEventListener('input', schedule);
    f.addEventListener('change', schedule);
  }

  // Throttling (N-6): the presets and each runtime's conditions come from api/conditions, then from the
  // stream's "conditions" events; a host that serves the page without that API leaves the menu hidden.
  const throttling = $('throttling');
  const custom = { latency: $('custom-latency'), download: $('custom-download'), upload: $('custom-upload') };
  let conditions = null;     // the last state shown
  let streamed = null;       // the stream's latest state, newer than an answer that crossed it
  let throttlingServed = false;

  function sameConditions(a, b) {
    return a.name === b.name && a.offline === b.offline && a.latencyMs === b.latencyMs
        && a.downloadBytesPerSecond === b.downloadBytesPerSecond && a.uploadBytesPerSecond === b.uploadBytesPerSecond;
  }

  function describe(c) {
    if (c.offline) return c.name + ': offline';
    const rate = (kbps) => kbps > 0 ? kbps + ' kbit/s' : 'unlimited';
    return c.name + ': latency ' + c.latencyMs + ' ms, download ' + rate(c.downloadKbps) + ', upload ' + rate(c.uploadKbps);
  }

  function option(value, text) {
    const o = el('option', null, text);
    o.value = value;
    return o;
  }

  function fillCustom(c) {
    custom.latency.value = c.latencyMs;
    custom.download.value = c.downloadKbps;
    custom.upload.value = c.uploadKbps;
  }

  function showConditions(state) {
    conditions = state;
    if (throttling.options.length === 0) {
      for (const p of state.presets) throttling.appendChild(option(p.name, p.name));
      throttling.appendChild(option('custom', 'Custom…'));
    }
    const now = state.runtimes.map((r) => r.conditions);
    if (now.length === 0) return; // nothing watched, nothing to throttle: the menu stays hidden
    let value = 'mixed';
    if (now.length > 0 && now.every((c) => sameConditions(c, now[0]))) {
      const preset = state.presets.find((p) => sameConditions(p, now[0]));
      value = preset ? preset.name : 'custom';
      if (!preset) fillCustom(now[0]);
    }
    // runtimes set apart (on their own network states) get an entry of their own while they differ
    const mixed = throttling.querySelector('option[value="mixed"]');
    if (value === 'mixed' && !mixed) {
      const o = option('mixed', 'Differs per runtime');
      o.disabled = true;
      throttling.appendChild(o);
    } else if (value !== 'mixed' && mixed) {
      mixed.remove();
    }
    // by index, not select.value, which leaves a disabled option unselected
    throttling.selectedIndex = Array.from(throttling.options).findIndex((o) => o.value === value);
    throttling.title = state.runtimes.map((r) => r.runtime + ' — ' + describe(r.conditions)).join('\n');
    $('custom-conditions').hidden = value !== 'custom';
    $('throttling-control').hidden = false;
  }

  function setConditions(body) {
    $('throttling-error').textContent = '';
    fetch('api/conditions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then((res) => res.json().then((data) => ({ ok: res.ok, data: data })))
      .then((answer) => {
        if (answer.ok) {
          showConditions(answer.data);
        } else {
          $('throttling-error').textContent = answer.data.error;
          if (body.preset !== undefined && conditions) showConditions(conditions);
        }
      })
      .catch((err) => { $('throttling-error').textContent = 'could not set the conditions: ' + err; });
  }

  // a number input holds '' when what was typed is not a number: send that, so the answer says what is wrong
  const typed = (input) => input.value === '' ? input.value : Number(input.value);
  throttling.addEventListener('change', () => {
    if (throttling.value === 'custom') {
      $('throttling-error').textContent = '';
      $('custom-conditions').hidden = false;
      return;
    }
    setConditions({ preset: throttling.value });
  });
  $('apply-conditions').addEventListener('click', () => setConditions({
    latencyMs: typed(custom.latency), downloadKbps: typed(custom.download), uploadKbps: typed(custom.upload)
  }));
  fetch('api/conditions')
    .then((res) => res.ok ? res.json() : null)
    .then((state) => {
      if (state) {
        throttlingServed = true;
        showConditions(streamed || state);
      }
    })
    .catch(() => { /* no throttling here: the menu stays hidden */ });

  const stream = new EventSource('api/events');
  stream.addEventListener('open', () => {
    $('connection').textContent = 'live';
    $('connection').className = 'connection live';
  });
  stream.addEventListener('error', () => {
    $('connection').textContent = 'reconnecting…';
    $('connection').className = 'connection';
  });
  stream.addEventListener('call', (e) => {
    const c = JSON.parse(e.data);
    calls.set(c.id, c);
    schedule();
  });
  stream.addEventListener('conditions', (e) => {
    streamed = JSON.parse(e.data);
    if (throttlingServed) showConditions(streamed);
  });
  stream.addEventListener('status', (e) => {
    dropped = JSON.parse(e.data).dropped;
    schedule();
  });
})();

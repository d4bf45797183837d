// The inspector's pages, in plain DOM. Every value shown comes from the store and is untrusted:
// it only ever reaches the page as text (textContent, text nodes, setAttribute on safe names).
'use strict';

const STATES = ['READY', 'RUNNING', 'AWAITING_COGNITIVE_RESULT', 'COMPLETED', 'ERROR'];
const HEAP_PAGE = 100;
const FOLLOW_MS = 1000;
const TOKEN = new URLSearchParams(location.search).get('token');
let stopFollowing = () => {};

/** An element: `attrs` are attributes (or `on*` listeners), children are nodes or text. */
function h(tag, attrs, ...children) {
  const el = document.createElementNS(tag.startsWith('svg:') ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag.replace(/^svg:/, ''));
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, String(value));
  }
  return fill(el, children);
}

/** Appends nodes and text (nested arrays flattened, null and false left out) to `el`. */
function fill(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

function refill(el, ...children) {
  el.replaceChildren();
  return fill(el, children);
}

function link(hash, text) {
  return h('a', { href: hash }, text);
}

function route(...parts) {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  const headers = TOKEN ? { Authorization: 'Bearer ' + TOKEN } : {};
  const response = await fetch('api/' + path + (text ? '?' + text : ''), { headers, cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body && body.error ? body.error.message : 'HTTP ' + response.status);
  return body;
}

function stateBadge(state) {
  return h('span', { class: 'state state-' + (STATES.includes(state) ? state : 'other') }, state);
}

function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
}

// ---- value trees ------------------------------------------------------------------------------

/** The heap id a value refers to: a CVM `array-ref`/`object-ref`, or `{ $ref: id }`; else null. */
function refOf(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  if ((value.type === 'array-ref' || value.type === 'object-ref') && typeof value.id === 'number') return value.id;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$ref' ? value.$ref : null;
}

function isRef(value) {
  return refOf(value) !== null;
}

/** A CVM array or object as its elements and properties, any other object as its own keys. */
function entriesOf(value) {
  if (value.type === 'array' && Array.isArray(value.elements)) {
    return { kind: 'array(' + value.elements.length + ')', entries: [...value.elements.map((v, i) => [String(i), v]), ...Object.entries(value.properties || {})] };
  }
  if (value.type === 'object' && value.properties !== null && typeof value.properties === 'object' && Object.keys(value).length === 2) {
    const entries = Object.entries(value.properties);
    return { kind: 'object{' + entries.length + '}', entries };
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return { kind: Array.isArray(value) ? '[' + entries.length + ']' : '{' + entries.length + '}', entries };
}

function leaf(value) {
  if (typeof value === 'string') return h('span', { class: 'str' }, JSON.stringify(value));
  if (typeof value === 'number') return h('span', { class: 'num-v' }, String(value));
  return h('span', { class: 'lit' }, value === undefined ? 'undefined' : JSON.stringify(value));
}

/** A value as an expandable tree; children are built when first opened, so a large value costs nothing until looked at. */
function tree(value, label, onRef, open) {
  const key = label === undefined ? null : h('span', { class: 'key' }, label + ': ');
  const ref = refOf(value);
  if (ref !== null) {
    return h('div', { class: 'leaf' }, key, h('a', { class: 'ref', href: '#', 'data-ref': ref, onclick: (event) => { event.preventDefault(); if (onRef) onRef(ref); } }, '→ heap #' + ref));
  }
  if (value !== null && typeof value === 'object' && value.type === 'undefined' && Object.keys(value).length === 1) return h('div', { class: 'leaf' }, key, h('span', { class: 'lit' }, 'undefined'));
  if (value === null || typeof value !== 'object') return h('div', { class: 'leaf' }, key, leaf(value));
  const { kind, entries } = entriesOf(value);
  const details = h('details', {}, h('summary', {}, key, h('span', { class: 'muted' }, kind)));
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    for (const [k, v] of entries) details.append(tree(v, k, onRef, false));
  };
  details.addEventListener('toggle', build);
  if (open && entries.length <= 50) {
    details.open = true;
    build();
  }
  return details;
}

// ---- pages --------------------------------------------------------------------------------------

async function executionsPage(params) {
  const [summary, page] = await Promise.all([api('summary'), api('executions', { state: params.get('state'), program: params.get('program'), after: params.get('after') })]);
  const filter = (extra) => {
    const next = new URLSearchParams();
    for (const name of ['state', 'program']) if (params.get(name)) next.set(name, params.get(name));
    for (const [name, value] of Object.entries(extra)) if (value) next.set(name, value); else next.delete(name);
    return '#/executions?' + next.toString();
  };
  const stateSelect = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'every state'), STATES.map((s) => h('option', { value: s, selected: params.get('state') === s }, s)));
  const programInput = h('input', { id: 'filter-program', placeholder: 'program id', value: params.get('program') || '' });
  const rows = page.executions.map((e) =>
    h('tr', { 'data-id': e.id },
      h('td', {}, link(route('execution', e.id), e.id), e.current ? h('span', { class: 'current', title: 'the current execution' }, ' ● current') : null),
      h('td', {}, stateBadge(e.state)),
      h('td', {}, link(route('program', e.programId), e.programId)),
      h('td', {}, when(e.created)),
      h('td', {}, when(e.updated)),
      h('td', { class: 'num' }, e.pc),
      h('td', { class: 'num' }, e.outputLength)));
  return [
    h('h1', {}, 'Executions'),
    h('section', { class: 'chips', id: 'counts' },
      STATES.map((s) => h('span', {}, link(filter({ state: s, after: null }), s), ' ', h('strong', { 'data-state': s }, summary.byState[s] || 0))),
      h('span', { class: 'muted' }, 'current: ', summary.currentExecutionId ? link(route('execution', summary.currentExecutionId), summary.currentExecutionId) : '–')),
    h('div', { class: 'toolbar' }, stateSelect, programInput,
      h('button', { id: 'filter-apply', onclick: () => { location.hash = filter({ state: stateSelect.value || null, program: programInput.value.trim() || null, after: null }); } }, 'Filter'),
      params.get('after') ? link(filter({ after: null }), 'First page') : null,
      page.next ? link(filter({ after: page.next }), 'Next page') : null),
    h('section', {},
      rows.length === 0 ? h('p', { class: 'muted' }, 'No executions.') :
        h('table', { id: 'executions' }, h('thead', {}, h('tr', {}, ['id', 'state', 'program', 'created', 'updated', 'pc', 'output lines'].map((c) => h('th', {}, c)))), h('tbody', {}, rows))),
  ];
}

function sourceView(source, line, id) {
  const lines = source.split('\n');
  const from = line ? Math.max(1, line - 8) : 1;
  const to = line ? Math.min(lines.length, line + 8) : lines.length;
  const shown = [];
  for (let n = from; n <= to; n++) shown.push(h('div', { class: n === line ? 'hi' : null, 'data-line': n }, h('span', { class: 'ln' }, n), lines[n - 1]));
  return h('pre', { class: 'source', id }, shown);
}

async function executionPage(id, params) {
  const data = await api('execution/' + encodeURIComponent(id));
  const body = h('div', {});
  const stateSection = h('section', { id: 'state' });
  const heapSection = h('section', { id: 'heap' });
  const showHeapNode = (ref) => renderHeap(heapSection, data.execution.heap, Number(ref));
  const renderState = (d) => {
    const e = d.execution;
    const instruction = d.program && d.program.instruction;
    refill(stateSection,
      h('h2', {}, 'State'),
      h('table', {}, h('tbody', {},
        h('tr', {}, h('th', {}, 'state'), h('td', { id: 'state-value' }, stateBadge(e.state), d.current ? h('span', { class: 'current' }, ' ● current') : null, e.status ? h('span', { class: 'muted' }, ' (VM status ' + e.status + ')') : null)),
        h('tr', {}, h('th', {}, 'program'), h('td', {}, d.program ? link(route('program', d.program.id), d.program.name + ' (' + d.program.id + ')') : h('span', { class: 'error' }, 'missing: ' + e.programId))),
        h('tr', {}, h('th', {}, 'pc'), h('td', { id: 'pc' }, e.pc, ' ', instruction ? h('code', {}, instruction.op + (instruction.arg === undefined ? '' : ' ' + JSON.stringify(instruction.arg))) : h('span', { class: 'muted' }, 'no instruction at pc'))),
        h('tr', {}, h('th', {}, 'revision'), h('td', {}, d.revision)),
        h('tr', {}, h('th', {}, 'created / updated'), h('td', {}, when(e.created), ' / ', when(e.updated))),
        h('tr', {}, h('th', {}, 'output lines'), h('td', { id: 'output-length' }, d.outputLength)))),
      e.ccPrompt !== undefined && e.ccPrompt !== null ? [h('h2', {}, 'Waiting for a cognitive result'), h('pre', { class: 'prompt', id: 'cc-prompt' }, e.ccPrompt)] : null,
      e.error !== undefined && e.error !== null ? [h('h2', {}, 'Error'), h('pre', { class: 'error', id: 'error' }, e.error)] : null,
      d.program ? [h('h2', {}, 'Source' + (instruction && instruction.line ? ' around line ' + instruction.line : '')), sourceView(d.program.source, instruction && instruction.line, 'source')] : null,
      h('div', { class: 'grid2' },
        h('div', { id: 'stack' }, h('h2', {}, 'Stack (' + e.stack.length + ')'), tree(e.stack, undefined, showHeapNode, true)),
        h('div', { id: 'variables' }, h('h2', {}, 'Variables (' + Object.keys(e.variables).length + ')'), tree(e.variables, undefined, showHeapNode, true))),
      h('div', { id: 'iterators' }, h('h2', {}, 'Iterators (' + (e.iterators ? e.iterators.length : 0) + ')'),
        e.iterators && e.iterators.length ? h('table', {}, h('thead', {}, h('tr', {}, ['#', 'index', 'length', 'over'].map((c) => h('th', {}, c)))),
          h('tbody', {}, e.iterators.map((it, i) => h('tr', {}, h('td', {}, i), h('td', { class: 'num' }, it.index), h('td', { class: 'num' }, it.length), h('td', {}, tree(it.keys ? { keys: it.keys } : { array: it.array }, undefined, showHeapNode, false)))))) : h('p', { class: 'muted' }, 'none')),
      e.returnValue !== undefined ? h('div', {}, h('h2', {}, 'Return value'), tree(e.returnValue, undefined, showHeapNode, true)) : null);
  };
  renderState(data);
  renderHeap(heapSection, data.execution.heap, null);

  const output = h('pre', { class: 'output', id: 'output' });
  let first = data.outputLength;
  let last = data.outputLength;
  const earlier = h('button', { id: 'output-earlier' }, 'Earlier lines');
  const line = (n, text) => h('div', { 'data-line': n }, h('span', { class: 'ln' }, n + 1), h('span', { class: 'text' }, text));
  const loadEarlier = async () => {
    const page = await api('execution/' + encodeURIComponent(id) + '/output', { before: first });
    output.prepend(...page.lines.map((text, i) => line(page.from + i, text)));
    first = page.from;
    earlier.hidden = first === 0;
  };
  earlier.addEventListener('click', () => void loadEarlier());
  await loadEarlier();

  const followBox = h('input', { type: 'checkbox', id: 'follow' });
  const followState = h('span', { class: 'muted', id: 'follow-state' });
  let timer = null;
  const poll = async () => {
    try {
      const fresh = await api('execution/' + encodeURIComponent(id));
      if (fresh.revision !== data.revision) {
        data.revision = fresh.revision;
        data.execution = fresh.execution;
        renderState(fresh);
        renderHeap(heapSection, fresh.execution.heap, null);
      }
      const page = await api('execution/' + encodeURIComponent(id) + '/output', { from: last });
      const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      output.append(...page.lines.map((text, i) => line(page.from + i, text)));
      last = page.from + page.lines.length;
      if (atBottom) output.scrollTop = output.scrollHeight;
      followState.textContent = 'following; checked ' + new Date().toLocaleTimeString();
    } catch (error) {
      followState.textContent = 'follow failed: ' + error.message;
    }
    if (timer !== null) timer = setTimeout(poll, FOLLOW_MS);
  };
  followBox.addEventListener('change', () => {
    if (followBox.checked) { timer = setTimeout(poll, 0); } else { clearTimeout(timer); timer = null; followState.textContent = ''; }
  });
  stopFollowing = () => { clearTimeout(timer); timer = null; };
  if (params.get('follow') === '1') { followBox.checked = true; timer = setTimeout(poll, 0); }

  body.append(
    h('h1', {}, 'Execution ', h('span', { id: 'execution-id' }, id)),
    h('div', { class: 'toolbar' }, h('label', {}, followBox, ' follow (new output and state changes, every ' + FOLLOW_MS / 1000 + ' s)'), followState),
    stateSection,
    heapSection,
    h('section', {}, h('h2', {}, 'Output'), earlier, output),
    await revisionsSection(id));
  output.scrollTop = output.scrollHeight;
  return [body];
}

/** The heap: a page of HEAP_PAGE objects drawn as a graph (edges between them; references off the page listed), each also as a tree. */
function renderHeap(section, heap, focus) {
  const objects = heap && heap.objects ? heap.objects : {};
  const ids = Object.keys(objects).map(Number).sort((a, b) => a - b);
  refill(section, h('h2', {}, 'Heap (' + ids.length + ' objects)'));
  if (ids.length === 0) { section.append(h('p', { class: 'muted' }, 'empty')); return; }
  const pages = Math.ceil(ids.length / HEAP_PAGE);
  let pageIndex = focus !== null && ids.includes(focus) ? Math.floor(ids.indexOf(focus) / HEAP_PAGE) : 0;
  const view = h('div', { id: 'heap-view' });
  const jump = h('input', { id: 'heap-jump', placeholder: 'object id', size: 8 });
  const pager = h('span', { id: 'heap-page' });
  const show = () => {
    const shown = ids.slice(pageIndex * HEAP_PAGE, (pageIndex + 1) * HEAP_PAGE);
    pager.textContent = 'objects ' + shown[0] + '–' + shown[shown.length - 1] + ' (page ' + (pageIndex + 1) + ' of ' + pages + ')';
    refill(view, heapGraph(objects, shown, focus, (ref) => renderHeap(section, heap, Number(ref))),
      h('div', { id: 'heap-objects' }, shown.map((n) => h('div', { class: n === focus ? 'hi' : null, 'data-heap-id': n },
        tree(objects[n].data, '#' + n + ' ' + objects[n].type, (ref) => renderHeap(section, heap, Number(ref)), n === focus)))));
  };
  section.append(h('div', { class: 'toolbar' },
    h('button', { id: 'heap-prev', onclick: () => { if (pageIndex > 0) { pageIndex--; show(); } } }, '◀'),
    pager,
    h('button', { id: 'heap-next', onclick: () => { if (pageIndex < pages - 1) { pageIndex++; show(); } } }, '▶'),
    jump, h('button', { onclick: () => renderHeap(section, heap, Number(jump.value)) }, 'Show object')), view);
  show();
}

function refsOf(value, found) {
  if (isRef(value)) found.push(Number(refOf(value)));
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) refsOf(v, found);
  return found;
}

/** Nodes on a circle, edges as straight lines: for one page of objects that is readable without a layout library. */
function heapGraph(objects, shown, focus, onPick) {
  const width = 900, height = 420, cx = width / 2, cy = height / 2, r = Math.min(cx, cy) - 30;
  const at = new Map(shown.map((n, i) => [n, [cx + r * Math.cos((2 * Math.PI * i) / shown.length), cy + r * Math.sin((2 * Math.PI * i) / shown.length)]]));
  const edges = [], nodes = [];
  let outside = 0;
  for (const n of shown) {
    for (const target of refsOf(objects[n].data, [])) {
      const to = at.get(target);
      if (to) edges.push(h('svg:line', { x1: at.get(n)[0], y1: at.get(n)[1], x2: to[0], y2: to[1] }));
      else outside++;
    }
  }
  for (const n of shown) {
    const [x, y] = at.get(n);
    nodes.push(h('svg:g', { class: 'node', 'data-heap-node': n, onclick: () => onPick(n) },
      h('svg:circle', { cx: x, cy: y, r: n === focus ? 9 : 6, class: objects[n].type }), h('svg:title', {}, '#' + n + ' ' + objects[n].type),
      shown.length <= 40 ? h('svg:text', { x: x + 8, y: y + 3 }, '#' + n) : null));
  }
  return h('div', {}, h('svg:svg', { class: 'heap', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'heap graph' }, edges, nodes),
    h('p', { class: 'muted', id: 'heap-edges' }, edges.length + ' references between these objects, ' + outside + ' to objects on other pages'));
}

async function revisionsSection(id) {
  const section = h('section', { id: 'revisions' }, h('h2', {}, 'Revisions'));
  const page = await api('execution/' + encodeURIComponent(id) + '/revisions');
  if (!page.enabled || page.revisions.length === 0) {
    section.append(h('p', { class: 'muted' }, page.enabled ? 'No earlier revisions kept (history is off, or this execution was saved once).' : 'This backend keeps no history.'));
    return section;
  }
  const diff = h('div', { id: 'diff' });
  const pick = (name, checkedIndex) => page.revisions.map((r, i) => h('input', { type: 'radio', name, value: r.revision, checked: i === checkedIndex }));
  const a = pick('rev-a', Math.min(1, page.revisions.length - 1));
  const b = pick('rev-b', 0);
  section.append(
    h('table', {}, h('thead', {}, h('tr', {}, ['A', 'B', 'revision', 'state', 'pc', 'updated', 'output lines'].map((c) => h('th', {}, c)))),
      h('tbody', {}, page.revisions.map((r, i) => h('tr', {}, h('td', {}, a[i]), h('td', {}, b[i]), h('td', { class: 'num' }, r.revision), h('td', {}, stateBadge(r.state)), h('td', { class: 'num' }, r.pc), h('td', {}, when(r.updated)), h('td', { class: 'num' }, r.outputLength))))),
    h('button', { id: 'diff-button', onclick: async () => {
      const ra = a.find((x) => x.checked).value, rb = b.find((x) => x.checked).value;
      const [x, y] = await Promise.all([api('execution/' + encodeURIComponent(id) + '/revision/' + ra), api('execution/' + encodeURIComponent(id) + '/revision/' + rb)]);
      refill(diff, diffTable(x.execution, y.execution, ra, rb));
    } }, 'Diff A → B'), diff);
  return section;
}

function flatten(value, path, into) {
  if (value !== null && typeof value === 'object' && !isRef(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : path + '.' + k, into);
  } else into.set(path, JSON.stringify(value));
  return into;
}

function diffTable(x, y, ra, rb) {
  const fx = flatten(x, '', new Map()), fy = flatten(y, '', new Map());
  const paths = [...new Set([...fx.keys(), ...fy.keys()])].filter((p) => fx.get(p) !== fy.get(p)).sort();
  if (paths.length === 0) return h('p', {}, 'Revisions ' + ra + ' and ' + rb + ' are the same.');
  return h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'path'), h('th', {}, 'revision ' + ra), h('th', {}, 'revision ' + rb))),
    h('tbody', {}, paths.map((p) => h('tr', { class: !fx.has(p) ? 'diff-added' : !fy.has(p) ? 'diff-removed' : 'diff-changed' },
      h('td', { class: 'mono' }, p), h('td', { class: 'mono' }, fx.has(p) ? fx.get(p) : '–'), h('td', { class: 'mono' }, fy.has(p) ? fy.get(p) : '–')))));
}

async function programsPage(params) {
  const page = await api('programs', { after: params.get('after') });
  return [
    h('h1', {}, 'Programs'),
    h('div', { class: 'toolbar' }, params.get('after') ? link('#/programs', 'First page') : null, page.next ? link('#/programs?after=' + encodeURIComponent(page.next), 'Next page') : null),
    h('section', {}, page.programs.length === 0 ? h('p', { class: 'muted' }, 'No programs.') :
      h('table', { id: 'programs' }, h('thead', {}, h('tr', {}, ['id', 'name', 'instructions', 'created', 'updated'].map((c) => h('th', {}, c)))),
        h('tbody', {}, page.programs.map((p) => h('tr', {}, h('td', {}, link(route('program', p.id), p.id)), h('td', {}, p.name), h('td', { class: 'num' }, p.instructions), h('td', {}, when(p.created)), h('td', {}, when(p.updated))))))),
  ];
}

async function programPage(id, params) {
  const { program } = await api('program/' + encodeURIComponent(id));
  const pc = params.has('pc') ? Number(params.get('pc')) : null;
  const source = sourceView(program.source, null, 'source');
  const mark = (line) => {
    for (const row of source.children) row.classList.toggle('hi', Number(row.getAttribute('data-line')) === line);
  };
  const rows = program.bytecode.map((ins, i) => h('tr', { class: i === pc ? 'hi' : null, 'data-pc': i, onclick: () => mark(ins.line) },
    h('td', { class: 'num' }, i), h('td', {}, h('code', {}, ins.op)), h('td', { class: 'mono' }, ins.arg === undefined ? '' : JSON.stringify(ins.arg)), h('td', { class: 'num' }, ins.line === undefined ? '' : ins.line)));
  if (pc !== null && program.bytecode[pc]) mark(program.bytecode[pc].line);
  return [
    h('h1', {}, 'Program ', h('span', { id: 'program-name' }, program.name), h('span', { class: 'muted' }, ' ' + program.id)),
    h('div', { class: 'grid2' },
      h('section', {}, h('h2', {}, 'Source'), source),
      h('section', {}, h('h2', {}, 'Bytecode (' + program.bytecode.length + ')'), h('div', { class: 'source' }, h('table', { id: 'bytecode' }, h('thead', {}, h('tr', {}, ['pc', 'op', 'arg', 'line'].map((c) => h('th', {}, c)))), h('tbody', {}, rows))))),
  ];
}

async function storePage() {
  const report = await api('store');
  if (report.unavailable) return [h('h1', {}, 'Store'), h('p', {}, 'The store report needs the store location; this inspector was mounted without one.')];
  const inspect = report.inspect, check = report.check;
  const states = Object.entries(inspect.executions.byState).filter(([, n]) => n > 0).map(([s, n]) => s + ' ' + n).join(', ');
  const largest = (l) => (l.id === null ? '–' : l.id + ' (' + l.bytes + ' bytes)');
  const rows = [
    ['store', inspect.store + ' (' + inspect.backend + ')'], ['format version', inspect.formatVersion],
    ['programs', inspect.programs.count + ' (' + inspect.programs.bytes + ' bytes; largest ' + largest(inspect.programs.largest) + ')'],
    ['executions', inspect.executions.count + (states ? ' (' + states + ')' : '')],
    ['execution bytes', inspect.executions.bytes + ' (largest ' + largest(inspect.executions.largest) + ')'],
    ['output lines', inspect.output.lines + ' (' + inspect.output.bytes + ' bytes; largest ' + largest(inspect.output.largest) + ')'],
    ['oldest', inspect.oldest || '–'], ['newest', inspect.newest || '–'], ['current execution', inspect.currentExecutionId || '–'],
    ['damaged records', inspect.damaged.length],
  ];
  return [
    h('h1', {}, 'Store'),
    h('section', { id: 'inspect' }, h('h2', {}, 'inspect'), h('table', {}, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))))),
    h('section', { id: 'check' }, h('h2', {}, 'check'),
      check.problems.length === 0 ? h('p', { id: 'check-result' }, 'No problems found.') :
        [h('p', { id: 'check-result', class: 'error' }, check.problems.length + ' problem(s) found; cvm-storage check --repair can fix what it says it can.'), tree(check.problems, 'problems', null, true)]),
  ];
}

async function render() {
  stopFollowing();
  stopFollowing = () => {};
  const main = document.getElementById('main');
  const [path, query] = (location.hash.replace(/^#\/?/, '') || 'executions').split('?');
  const parts = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  try {
    const content =
      parts[0] === 'execution' && parts[1] !== undefined ? await executionPage(parts[1], params)
        : parts[0] === 'programs' ? await programsPage(params)
          : parts[0] === 'program' && parts[1] !== undefined ? await programPage(parts[1], params)
            : parts[0] === 'store' ? await storePage()
              : await executionsPage(params);
    refill(main, content);
  } catch (error) {
    refill(main, h('p', { class: 'error', id: 'page-error' }, error.message));
  }
  document.body.setAttribute('data-ready', location.hash || '#/executions');
}

window.addEventListener('hashchange', () => void render());
api('summary').then((s) => { document.getElementById('store-name').textContent = s.store; }, () => {});
void render();

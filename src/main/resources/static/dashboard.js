// lrlab's dashboard: plain JavaScript over the REST API, nothing loaded from elsewhere.
// Routes: #/ (experiments), #/new, #/experiments/{id}, #/sweeps/{id}, #/studies, #/studies/{id}.
'use strict';

const KEY_STORE = 'lrlab.apiKey';
const view = document.getElementById('view');
const errorBox = document.getElementById('error');
const keyDialog = document.getElementById('key-dialog');
const streams = new Set();
let objectUrls = [];

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

function apiKey() { return localStorage.getItem(KEY_STORE); }

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const key = apiKey();
  if (key) h['X-API-Key'] = key;
  return h;
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const response = await fetch(path, opts);
  if (response.status === 401) {
    askForKey(apiKey() ? 'The API key was refused. Enter a valid one.' : 'This lrlab asks for an API key.');
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch (e) { problem = {title: response.statusText}; }
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json(path, options) { return (await api(path, options)).json(); }

function showError(e) {
  if (!(e instanceof ApiError)) { console.error(e); }
  const p = e.problem || {};
  let text = (p.title ? p.title + ': ' : '') + (p.detail || e.message);
  if (Array.isArray(p.errors)) {
    text += '\n' + p.errors.map(err => '• ' + err.field + ' ' + err.message).join('\n');
  }
  errorBox.textContent = text;
  errorBox.hidden = false;
}

function clearError() { errorBox.hidden = true; errorBox.textContent = ''; }

function askForKey(reason) {
  document.getElementById('key-reason').textContent = reason + ' It is kept in this browser only.';
  if (!keyDialog.open) keyDialog.showModal();
}

document.getElementById('key-button').addEventListener('click', () => askForKey('Set the API key this page sends.'));
document.getElementById('key-form').addEventListener('submit', () => {
  const value = document.getElementById('key-input').value.trim();
  if (value) localStorage.setItem(KEY_STORE, value);
  document.getElementById('key-input').value = '';
  route();
});
document.getElementById('key-clear').addEventListener('click', () => {
  localStorage.removeItem(KEY_STORE);
  keyDialog.close();
  route();
});

// Images go through fetch so that they carry the API key; each becomes a blob URL.
async function loadImage(img, url) {
  try {
    const blob = await (await api(url)).blob();
    const objectUrl = URL.createObjectURL(blob);
    objectUrls.push(objectUrl);
    img.src = objectUrl;
  } catch (e) {
    img.alt = 'chart unavailable: ' + e.message;
    if (e.status !== 404) showError(e);
  }
}

// Server-Sent Events through fetch (EventSource cannot send the API key header).
function subscribe(id, onEvent) {
  const controller = new AbortController();
  streams.add(controller);
  (async () => {
    try {
      const response = await api('/api/experiments/' + id + '/events', {headers: {Accept: 'text/event-stream'}, signal: controller.signal});
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true});
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length) onEvent(name, JSON.parse(data.join('\n')));
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') console.warn('event stream of experiment ' + id + ' ended', e);
    } finally {
      streams.delete(controller);
    }
  })();
  return controller;
}

function closeStreams() {
  streams.forEach(c => c.abort());
  streams.clear();
  objectUrls.forEach(u => URL.revokeObjectURL(u));
  objectUrls = [];
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

function pct(x) { return x == null ? '' : (100 * x).toFixed(1) + '%'; }

function progressText(e) {
  const p = e.progress || {};
  let text = (p.epochsCompleted || 0) + ' / ' + (p.epochs || '?') + ' epochs';
  if (e.status === 'RUNNING' && p.batch != null) text += ', batch ' + p.batch + ' / ' + p.batches;
  if (e.status === 'RUNNING' && p.etaSeconds != null) text += ', ETA ' + p.etaSeconds + ' s';
  return text;
}

// ---- experiments list ----------------------------------------------------------------------------------------

const listState = {status: '', schedule: '', tag: '', name: '', sort: 'id,desc', selected: new Set()};

async function renderList() {
  const filters = el('form', {class: 'filters', id: 'filters', onsubmit: ev => { ev.preventDefault(); readFilters(); renderList(); }},
    el('label', {}, 'Status', el('select', {id: 'filter-status'},
      ['', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'DIVERGED', 'CANCELLED', 'STOPPED_EARLY', 'PRUNED', 'PAUSED'].map(s =>
        el('option', {value: s, selected: s === listState.status}, s || 'any')))),
    el('label', {}, 'Schedule', el('input', {id: 'filter-schedule', value: listState.schedule, size: 10})),
    el('label', {}, 'Tag', el('input', {id: 'filter-tag', value: listState.tag, size: 10})),
    el('label', {}, 'Name contains', el('input', {id: 'filter-name', value: listState.name, size: 14})),
    el('label', {}, 'Sort', el('select', {id: 'filter-sort'},
      ['id,desc', 'id,asc', 'bestValAcc,desc', 'finalValAcc,desc', 'createdAt,desc', 'name,asc', 'status,asc', 'schedule,asc'].map(s =>
        el('option', {value: s, selected: s === listState.sort}, s)))),
    el('button', {type: 'submit', id: 'apply-filters'}, 'Apply'));
  const compare = el('div', {class: 'actions'},
    el('label', {}, 'Metric', el('select', {id: 'compare-metric'},
      ['valAcc', 'valLoss', 'trainAcc', 'trainLoss', 'lr'].map(m => el('option', {value: m}, m)))),
    el('button', {type: 'button', id: 'compare-button', onclick: showComparison}, 'Compare selected'));
  const table = el('table', {id: 'experiments'},
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, 'id'), el('th', {}, 'name'), el('th', {}, 'schedule'),
      el('th', {}, 'lr'), el('th', {}, 'status'), el('th', {}, 'progress'), el('th', {}, 'best val acc'), el('th', {}, 'final val acc'))),
    el('tbody', {}));
  view.replaceChildren(el('h1', {}, 'Experiments'), filters, compare, table, el('div', {class: 'charts', id: 'comparison'}));
  const query = new URLSearchParams({size: '50', sort: listState.sort});
  ['status', 'schedule', 'tag', 'name'].forEach(k => { if (listState[k]) query.set(k, listState[k]); });
  const page = await json('/api/experiments?' + query);
  const body = table.querySelector('tbody');
  page.content.forEach(e => {
    body.append(row(e));
    if (e.status === 'QUEUED' || e.status === 'RUNNING' || e.status === 'PAUSED') {
      subscribe(e.id, (name, data) => {
        if (name === 'status') {
          const old = document.getElementById('row-' + e.id);
          if (old) old.replaceWith(row(data));
        } else if (name === 'epoch') {
          const cell = document.querySelector('#row-' + e.id + ' .progress');
          if (cell) cell.textContent = (data.epoch + 1) + ' epochs done, val acc ' + pct(data.valAcc);
        }
      });
    }
  });
  if (!page.content.length) body.append(el('tr', {}, el('td', {colspan: 9}, 'No experiments yet: queue one under "New experiment".')));
}

function readFilters() {
  listState.status = document.getElementById('filter-status').value;
  listState.schedule = document.getElementById('filter-schedule').value.trim();
  listState.tag = document.getElementById('filter-tag').value.trim();
  listState.name = document.getElementById('filter-name').value.trim();
  listState.sort = document.getElementById('filter-sort').value;
}

function row(e) {
  const box = el('input', {type: 'checkbox', class: 'select', 'data-id': e.id, checked: listState.selected.has(e.id),
    onchange: ev => ev.target.checked ? listState.selected.add(e.id) : listState.selected.delete(e.id)});
  const r = e.results || {};
  return el('tr', {id: 'row-' + e.id, 'data-status': e.status},
    el('td', {}, box), el('td', {}, el('a', {href: '#/experiments/' + e.id}, e.id)), el('td', {}, e.name),
    el('td', {}, e.spec ? e.spec.schedule : ''), el('td', {}, e.spec ? e.spec.initialLr : ''),
    el('td', {class: 'status status-' + e.status}, e.status), el('td', {class: 'progress'}, progressText(e)),
    el('td', {}, pct(r.bestValAcc)), el('td', {}, pct(r.finalValAcc)));
}

function showComparison() {
  clearError();
  const ids = [...listState.selected];
  if (ids.length < 1) { showError(new Error('Select one or more experiments to compare.')); return; }
  const metric = document.getElementById('compare-metric').value;
  const img = el('img', {id: 'compare-chart', alt: 'comparison of ' + metric});
  const bars = el('img', {id: 'final-chart', alt: 'final accuracy'});
  document.getElementById('comparison').replaceChildren(img, bars);
  loadImage(img, '/api/charts/compare.png?ids=' + ids.join(',') + '&metric=' + metric);
  loadImage(bars, '/api/charts/final.png?ids=' + ids.join(','));
}

// ---- new experiment ------------------------------------------------------------------------------------------

async function renderNew() {
  const schedules = await json('/api/schedules');
  const field = (label, id, attrs) => el('label', {}, label, el('input', Object.assign({id: id, name: id}, attrs || {})));
  const form = el('form', {id: 'new-experiment', class: 'grid', onsubmit: submitExperiment, oninput: debouncePreview},
    field('Name', 'name', {placeholder: 'optional'}),
    el('label', {}, 'Schedule', el('select', {id: 'schedule', name: 'schedule'}, schedules.map(s => el('option', {value: s.id}, s.id)))),
    field('Initial learning rate', 'initialLr', {type: 'number', step: 'any', value: '0.1', min: '0'}),
    field('Epochs', 'epochs', {type: 'number', value: '10', min: '1'}),
    el('label', {}, 'Model', el('select', {id: 'model', name: 'model'},
      ['resnet-reference', 'resnet-mini', 'resnet-tiny'].map(m => el('option', {value: m}, m)))),
    field('Train images (0 = all)', 'trainLimit', {type: 'number', value: '5000', min: '0'}),
    field('Test images (0 = all)', 'testLimit', {type: 'number', value: '1000', min: '0'}),
    field('Batch size', 'batchSize', {type: 'number', value: '128', min: '1'}),
    field('Seed', 'seed', {type: 'number', value: '42'}),
    field('Tags (comma-separated)', 'tags', {placeholder: 'demo'}),
    el('label', {}, 'Schedule parameters (JSON)', el('textarea', {id: 'scheduleParams', rows: 2, placeholder: '{"dropEvery": 5}'})),
    el('div', {class: 'actions'}, el('button', {type: 'submit', id: 'submit-experiment'}, 'Queue experiment')));
  const sweep = el('form', {id: 'reference-sweep', class: 'actions', onsubmit: submitReferenceSweep},
    el('strong', {}, 'Or the reference sweep (none, standard, step, linear, poly at lr 0.1):'),
    field('Epochs', 'sweep-epochs', {type: 'number', value: '100', min: '1'}),
    el('label', {}, 'Model', el('select', {id: 'sweep-model'}, ['resnet-reference', 'resnet-mini', 'resnet-tiny'].map(m => el('option', {value: m}, m)))),
    field('Train images', 'sweep-trainLimit', {type: 'number', value: '0', min: '0'}),
    el('button', {type: 'submit', id: 'submit-sweep', class: 'secondary'}, 'Queue reference sweep'));
  view.replaceChildren(el('h1', {}, 'New experiment'), form,
    el('h2', {}, 'Learning-rate schedule preview'), el('div', {class: 'charts'}, el('img', {id: 'preview', alt: 'schedule preview'})),
    el('hr'), sweep);
  preview();
}

let previewTimer;
function debouncePreview() { clearTimeout(previewTimer); previewTimer = setTimeout(preview, 250); }

function preview() {
  const q = new URLSearchParams({schedule: value('schedule'), initialLr: value('initialLr') || '0.1', epochs: value('epochs') || '10',
    itersPerEpoch: String(Math.max(1, Math.ceil((Number(value('trainLimit')) || 50000) / (Number(value('batchSize')) || 128)))),
    width: '700', height: '350'});
  try {
    const params = value('scheduleParams') ? JSON.parse(value('scheduleParams')) : {};
    Object.entries(params).forEach(([k, v]) => q.set(k, Array.isArray(v) ? v.join(',') : v));
  } catch (e) { /* half-typed JSON: draw without it */ }
  clearError();
  loadImage(document.getElementById('preview'), '/api/schedules/preview.png?' + q);
}

function value(id) { const node = document.getElementById(id); return node ? node.value.trim() : ''; }

async function submitExperiment(ev) {
  ev.preventDefault();
  clearError();
  const body = {schedule: value('schedule'), initialLr: Number(value('initialLr')), epochs: Number(value('epochs')), model: value('model')};
  if (value('name')) body.name = value('name');
  ['trainLimit', 'testLimit', 'batchSize', 'seed'].forEach(k => { if (value(k) !== '') body[k] = Number(value(k)); });
  if (value('tags')) body.tags = value('tags').split(',').map(t => t.trim()).filter(Boolean);
  try {
    if (value('scheduleParams')) body.scheduleParams = JSON.parse(value('scheduleParams'));
  } catch (e) {
    showError(new Error('Schedule parameters are not valid JSON: ' + e.message));
    return;
  }
  try {
    const created = await json('/api/experiments', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    location.hash = '#/experiments/' + created.id;
  } catch (e) { showError(e); }
}

async function submitReferenceSweep(ev) {
  ev.preventDefault();
  clearError();
  const body = {epochs: Number(value('sweep-epochs')), model: value('sweep-model'), trainLimit: Number(value('sweep-trainLimit'))};
  try {
    const sweep = await json('/api/sweeps/reference', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    location.hash = '#/sweeps/' + sweep.id;
  } catch (e) { showError(e); }
}

// ---- one experiment ------------------------------------------------------------------------------------------

async function renderExperiment(id) {
  const e = await json('/api/experiments/' + id);
  view.replaceChildren(el('h1', {}, 'Experiment ' + e.id + ': ' + e.name), el('div', {id: 'summary'}),
    el('div', {class: 'actions'},
      el('button', {type: 'button', id: 'cancel', onclick: () => act('POST', '/api/experiments/' + id + '/cancel')}, 'Cancel'),
      el('button', {type: 'button', id: 'retry', class: 'secondary', onclick: retry}, 'Retry'),
      el('button', {type: 'button', id: 'delete', class: 'danger', onclick: remove}, 'Delete'),
      el('button', {type: 'button', id: 'download', class: 'secondary', onclick: download}, 'Download model')),
    el('h2', {}, 'Charts'), el('div', {class: 'charts', id: 'charts'}),
    el('h2', {}, 'Metrics'), el('div', {id: 'metrics'}),
    el('h2', {}, 'Classification report'), el('pre', {id: 'report'}, '(once the experiment completes)'));
  await refreshExperiment(e);
  if (e.status === 'QUEUED' || e.status === 'RUNNING' || e.status === 'PAUSED') {
    // events can arrive faster than a redraw: redraw one at a time, each from a fresh read
    let redraws = Promise.resolve();
    subscribe(id, () => {
      redraws = redraws.then(async () => {
        if (location.hash === '#/experiments/' + id) await refreshExperiment(await json('/api/experiments/' + id));
      }).catch(showError);
    });
  }

  async function act(method, path) {
    clearError();
    try { await api(path, {method: method}); await refreshExperiment(await json('/api/experiments/' + id)); } catch (err) { showError(err); }
  }
  async function retry() {
    clearError();
    try { const created = await json('/api/experiments/' + id + '/retry', {method: 'POST'}); location.hash = '#/experiments/' + created.id; }
    catch (err) { showError(err); }
  }
  async function remove() {
    clearError();
    if (!confirm('Delete experiment ' + id + ' and its files?')) return;
    try { await api('/api/experiments/' + id, {method: 'DELETE'}); location.hash = '#/'; } catch (err) { showError(err); }
  }
  async function download() {
    clearError();
    try {
      const blob = await (await api('/api/experiments/' + id + '/model')).blob();
      const a = el('a', {href: URL.createObjectURL(blob), download: 'experiment-' + id + '.zip'});
      document.body.append(a); a.click(); a.remove();
    } catch (err) { showError(err); }
  }
}

async function refreshExperiment(e) {
  const r = e.results || {};
  document.getElementById('summary').replaceChildren(el('dl', {class: 'summary'},
    el('dt', {}, 'Status'), el('dd', {id: 'status', class: 'status-' + e.status}, e.status),
    el('dt', {}, 'Progress'), el('dd', {id: 'progress'}, progressText(e)),
    el('dt', {}, 'Schedule'), el('dd', {}, e.spec.schedule + ', initial lr ' + e.spec.initialLr + ', ' + e.spec.epochs + ' epochs, '
      + e.spec.model + ', batch ' + e.spec.batchSize),
    el('dt', {}, 'Best / final val acc'), el('dd', {}, pct(r.bestValAcc) + ' / ' + pct(r.finalValAcc)),
    el('dt', {}, 'Submitted by'), el('dd', {}, e.submittedBy || '(no API keys)'),
    e.sweepId ? [el('dt', {}, 'Sweep'), el('dd', {}, el('a', {href: '#/sweeps/' + e.sweepId}, e.sweepId))] : [],
    e.error ? [el('dt', {}, e.status === 'STOPPED_EARLY' || e.status === 'PRUNED' ? 'Stopped because' : 'Error'), el('dd', {}, e.error)] : []));
  const charts = document.getElementById('charts');
  const kinds = ['history', 'lr'].concat(['COMPLETED', 'STOPPED_EARLY', 'PRUNED'].includes(e.status) ? ['confusion'] : []);
  charts.replaceChildren(...kinds.map(k => el('img', {id: 'chart-' + k, class: 'chart', alt: k + ' chart', width: 560})));
  kinds.forEach(k => loadImage(document.getElementById('chart-' + k),
    '/api/experiments/' + e.id + '/charts/' + k + '.png?width=800&height=' + (k === 'confusion' ? 700 : 500) + '&v=' + e.version));
  const metrics = await json('/api/experiments/' + e.id + '/metrics');
  document.getElementById('metrics').replaceChildren(el('table', {id: 'metrics-table'},
    el('thead', {}, el('tr', {}, ['epoch', 'planned lr', 'actual lr', 'train loss', 'train acc', 'val loss', 'val acc', 'seconds']
      .map(h => el('th', {}, h)))),
    el('tbody', {}, metrics.map(m => el('tr', {}, [m.epoch + 1, m.plannedLr.toPrecision(4), m.actualLr.toPrecision(4),
      m.trainLoss.toFixed(4), pct(m.trainAcc), m.valLoss.toFixed(4), pct(m.valAcc), m.seconds.toFixed(1)].map(v => el('td', {}, v)))))));
  if (['COMPLETED', 'STOPPED_EARLY', 'PRUNED'].includes(e.status)) {
    const text = await (await api('/api/experiments/' + e.id + '/report', {headers: {Accept: 'text/plain'}})).text();
    document.getElementById('report').textContent = text;
  }
}

// ---- one sweep -----------------------------------------------------------------------------------------------

async function renderSweep(id) {
  const sweep = await json('/api/sweeps/' + id);
  view.replaceChildren(el('h1', {}, 'Sweep ' + sweep.id + ': ' + sweep.name),
    el('p', {id: 'budget'}, sweep.size + ' experiments, ranked by best validation accuracy; ' + sweep.budget.trainedEpochs + ' of '
      + sweep.budget.plannedEpochs + ' epochs trained, ' + sweep.budget.savedEpochs + ' saved by early stopping ('
      + sweep.budget.stoppedEarly + ' stopped early, ' + sweep.budget.pruned + ' pruned)'),
    el('table', {id: 'ranking'}, el('thead', {}, el('tr', {}, ['rank', 'id', 'name', 'status', 'progress', 'best val acc']
      .map(h => el('th', {}, h)))),
      el('tbody', {}, sweep.ranking.map((e, i) => el('tr', {}, el('td', {}, i + 1), el('td', {}, el('a', {href: '#/experiments/' + e.id}, e.id)),
        el('td', {}, e.name), el('td', {class: 'status-' + e.status}, e.status), el('td', {}, progressText(e)),
        el('td', {}, pct((e.results || {}).bestValAcc)))))),
    el('h2', {}, 'Configurations over their seeds'),
    el('table', {id: 'configurations'}, el('thead', {}, el('tr', {}, ['configuration', 'completed', 'final val acc: mean',
      'std', '95% CI', 'p vs best (Welch)'].map(h => el('th', {}, h)))),
      el('tbody', {}, (sweep.configurations || []).map(c => {
        const f = c.finalValAcc || {};
        return el('tr', {}, el('td', {}, c.configuration + (c.best ? ' (best)' : '')), el('td', {}, c.completed + ' / ' + c.runs),
          el('td', {}, pct(f.mean)), el('td', {}, f.std == null ? '' : pct(f.std)),
          el('td', {}, f.ci95Low == null ? '' : pct(f.ci95Low) + ' .. ' + pct(f.ci95High)),
          el('td', {}, c.pValueVsBest == null ? '' : c.pValueVsBest.toFixed(3)));
      }))),
    el('h2', {}, 'Charts'), el('div', {class: 'charts'}, el('img', {id: 'sweep-compare', alt: 'sweep comparison'}),
      el('img', {id: 'sweep-final', alt: 'final accuracy'})));
  loadImage(document.getElementById('sweep-compare'), '/api/sweeps/' + id + '/charts/compare.png?metric=valAcc');
  loadImage(document.getElementById('sweep-final'), '/api/sweeps/' + id + '/charts/final.png');
}

// ---- studies --------------------------------------------------------------------------------------------------

async function renderStudies() {
  const studies = await json('/api/studies?limit=100');
  view.replaceChildren(el('h1', {}, 'Studies'),
    el('table', {id: 'studies'}, el('thead', {}, el('tr', {}, ['id', 'name', 'state', 'created', 'finished'].map(h => el('th', {}, h)))),
      el('tbody', {}, studies.length ? studies.map(s => el('tr', {}, el('td', {}, el('a', {href: '#/studies/' + s.id}, s.id)),
        el('td', {}, s.name || ''), el('td', {class: 'status-' + s.state}, s.state), el('td', {}, s.createdAt || ''),
        el('td', {}, s.finishedAt || '')))
        : [el('tr', {}, el('td', {colspan: 5}, 'No studies yet: POST /api/studies (see the API page).'))])));
}

function paramText(v) { return typeof v === 'number' ? (Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(2) : String(+v.toFixed(4))) : String(v); }

async function renderStudy(id) {
  const study = await json('/api/studies/' + id);
  const b = study.budget || {};
  const best = study.best;
  const names = [...new Set(study.trials.flatMap(t => Object.keys(t.params || {})))];
  const rungs = study.rungs || [];
  const completed = study.trials.filter(t => t.kind === 'search' && (t.status === 'COMPLETED' || t.status === 'STOPPED_EARLY')).length;
  const pbt = study.method === 'pbt';
  const taken = (study.exploits || []).filter(x => x.donor != null);
  const discovered = pbt && study.state === 'COMPLETED' ? await json('/api/studies/' + id + '/schedule') : null;
  view.replaceChildren(el('h1', {}, 'Study ' + study.id + ': ' + (study.name || '')),
    el('p', {id: 'study-state'}, study.state + ': ' + (pbt ? 'population-based training, ' + study.population.size + ' members, exploits every '
      + study.population.interval + ' epochs' : study.sampler + ' sampler, ' + (study.pruner ? study.pruner.type : 'no') + ' pruner')
      + ', objective ' + study.objective),
    el('p', {id: 'study-budget'}, b.trials + ' of ' + b.trialBudget + ' trials; ' + b.epochsTrained + ' epochs trained against '
      + b.fullEpochs + ' for the same trials run to the end' + (b.gridEpochs != null ? ' and ' + b.gridEpochs + ' for the whole grid' : '')
      + '; ' + b.pruned + ' pruned'),
    el('p', {id: 'study-best'}, best ? 'Best: trial ' + best.number + ' (' + names.filter(n => best.params[n] != null)
      .map(n => n + ' ' + paramText(best.params[n])).join(', ') + '), ' + study.objective + ' ' + paramText(best.value)
      + (best.confirmation ? '; over ' + best.confirmation.n + ' confirmation seeds ' + paramText(best.confirmation.mean)
        + (best.confirmation.ci95Low != null ? ' [' + paramText(best.confirmation.ci95Low) + ', ' + paramText(best.confirmation.ci95High) + ']' : '') : '')
      : 'No best trial yet.'),
    el('h2', {}, 'Trials'),
    el('table', {id: 'trials'}, el('thead', {}, el('tr', {}, ['#', 'kind', 'experiment', ...names, 'status', 'epochs', 'at rungs', study.objective]
      .map(h => el('th', {}, h)))),
      el('tbody', {}, study.trials.map(t => el('tr', {}, el('td', {}, t.number), el('td', {}, t.kind),
        el('td', {}, t.experimentId ? el('a', {href: '#/experiments/' + t.experimentId}, t.experimentId) : ''),
        ...names.map(n => el('td', {}, t.params && t.params[n] != null ? paramText(t.params[n]) : '')),
        el('td', {class: 'status-' + t.status}, t.status), el('td', {}, t.epochsCompleted == null ? '' : t.epochsCompleted),
        el('td', {}, (t.atRungs || []).map(paramText).join(' / ')), el('td', {}, t.value == null ? '' : paramText(t.value)))))),
    rungs.length ? el('h2', {}, 'Rungs') : '',
    rungs.length ? el('table', {id: 'rungs'}, el('thead', {}, el('tr', {}, ['rung', 'epochs', 'reached', 'promoted',
      'below the cut, in hindsight', 'of those ended in the top quarter', 'rank correlation'].map(h => el('th', {}, h)))),
      el('tbody', {}, rungs.map(r => el('tr', {}, el('td', {}, r.rung), el('td', {}, r.epochs), el('td', {}, r.reached),
        el('td', {}, r.promoted), el('td', {}, r.belowCutInHindsight), el('td', {}, r.ofThoseEndedTop),
        el('td', {}, r.rankCorrelation == null ? '' : r.rankCorrelation.toFixed(2)))))) : '',
    pbt ? el('h2', {}, 'Exploits') : '',
    pbt ? el('table', {id: 'exploits'}, el('thead', {}, el('tr', {}, ['after epochs', 'member', 'took the weights of', 'trains on at']
      .map(h => el('th', {}, h)))), el('tbody', {}, taken.length ? taken.map(x => el('tr', {}, el('td', {}, x.epochs), el('td', {}, x.member),
        el('td', {}, x.donor), el('td', {}, paramText(x.lr))))
        : [el('tr', {}, el('td', {colspan: 4}, 'No exploit yet.'))])) : '',
    discovered ? el('p', {id: 'study-discovered'}, 'Discovered schedule (member ' + discovered.member + ', ' + study.objective + ' '
      + paramText(discovered.value) + '): ' + discovered.lineage.map(s => paramText(s.rate)).join(' → ')
      + '. POST /api/studies/' + id + '/replay trains it from scratch beside a hand-made schedule.') : '',
    el('h2', {}, 'Charts'),
    pbt ? el('div', {class: 'charts'}, el('img', {id: 'study-population', class: 'chart', alt: 'members\' learning rates'}),
      el('img', {id: 'study-rungs', class: 'chart', alt: 'members by epoch'}))
    : el('div', {class: 'charts'}, el('img', {id: 'study-rungs', class: 'chart', alt: 'trials by epoch'}),
      el('img', {id: 'study-parallel', class: 'chart', alt: 'parallel coordinates'}),
      study.importance ? el('img', {id: 'study-importance', class: 'chart', alt: 'parameter importance'})
        : el('p', {id: 'study-importance-note'}, 'Parameter importance appears once 8 search trials completed (' + completed + ' so far).')));
  loadImage(document.getElementById('study-rungs'), '/api/studies/' + id + '/charts/rungs.png');
  if (pbt) {
    if (study.trials.some(t => (t.epochsCompleted || 0) > 0)) loadImage(document.getElementById('study-population'), '/api/studies/' + id + '/charts/population.png');
    return;
  }
  if (study.trials.some(t => t.kind === 'search')) loadImage(document.getElementById('study-parallel'), '/api/studies/' + id + '/charts/parallel.png');
  if (study.importance) loadImage(document.getElementById('study-importance'), '/api/studies/' + id + '/charts/importance.png');
}

// ---- routing -------------------------------------------------------------------------------------------------

async function route() {
  closeStreams();
  clearError();
  const hash = location.hash || '#/';
  let m;
  try {
    if ((m = hash.match(/^#\/experiments\/(\d+)$/))) await renderExperiment(m[1]);
    else if ((m = hash.match(/^#\/sweeps\/(\d+)$/))) await renderSweep(m[1]);
    else if ((m = hash.match(/^#\/studies\/(\d+)$/))) await renderStudy(m[1]);
    else if (hash === '#/studies') await renderStudies();
    else if (hash === '#/new') await renderNew();
    else await renderList();
  } catch (e) {
    showError(e);
  }
}

window.addEventListener('hashchange', route);
route();

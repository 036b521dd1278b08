// The demo page: choose a study, press Run, and watch it happen. The study runs
// in a Worker (the page stays responsive); the charts are the report's own,
// redrawn as checkpoints and runs arrive. When it ends the page offers the
// result JSON and the report, and sets document.body.dataset.state to "done"
// (or "error") with window.kanntkResults holding what study.json would hold.

import { PAGE_STYLE, escapeHtml, factsHtml, sectionsHtml } from '../report/html-page.js';
import { studySections } from '../report/study-report.js';
import { pdeStudySections } from '../report/pde-study-report.js';
import { buildReport } from '../report/build-report.js';
import { discoverSections, type DiscoverResultFile } from '../report/discover-report.js';
import { BENCHMARK_FUNCTIONS } from '../study/benchmark-functions.js';
import { DEMO_PROTOCOL, evenCheckpoints, type StudyProtocol } from '../study/protocol.js';
import { REDUCED_PDE_PROTOCOL, type PdeStudyProtocol } from '../study/run-pde-study.js';
import type { DemoMessage, DemoRequest } from './messages.js';

const FORMULAS = Object.fromEntries(Object.entries(BENCHMARK_FUNCTIONS).map(([k, f]) => [k, f.formula]));
const PDES = ['helmholtz', 'burgers', 'allen-cahn'] as const;
const DISCOVERABLE = ['f2'] as const;
/** The form fields a study uses and discover does not. */
const STUDY_ONLY = ['model-label', 'inits-field', 'epochs-label', 'ntk-label'];

const DEMO_STYLE = `
form#setup { display: flex; flex-wrap: wrap; gap: 10px 22px; align-items: end; padding: 12px 14px; background: var(--panel); border-radius: 6px; margin: 14px 0; }
form#setup label, form#setup fieldset { display: flex; flex-direction: column; gap: 3px; font-size: 13px; color: var(--muted); }
form#setup fieldset { border: 0; padding: 0; margin: 0; flex-direction: row; gap: 10px; align-items: center; }
form#setup fieldset legend { float: left; margin-right: 6px; }
form#setup input[type=number] { width: 7em; }
form#setup select { max-width: 30em; }
button#run { font-size: 15px; padding: 6px 22px; }
#status { display: flex; gap: 12px; align-items: center; min-height: 24px; }
#status progress { width: 320px; }
#downloads { margin: 10px 0; display: flex; gap: 10px; }
#error { color: #d1242f; }
`;

function optionList(): string {
  const fns = Object.entries(BENCHMARK_FUNCTIONS).map(([k, f]) => `<option value="fn:${k}"${k === DEMO_PROTOCOL.functions[0] ? ' selected' : ''}>${escapeHtml(f.formula.split('   ')[0].trim())}</option>`);
  const pdes = PDES.map((p) => `<option value="pde:${p}">${p}</option>`);
  // the function whose formula discover finds with the default settings (f1 = x0·x1 comes out as an
  // approximation of sines and squares, MSE ~1e-4; f3…f5 need Bessel, Fresnel, erfinv)
  const found = DISCOVERABLE.map((k) => `<option value="discover:${k}">${escapeHtml(BENCHMARK_FUNCTIONS[k].formula.split('   ')[0].trim())}</option>`);
  return `<optgroup label="Function fitting">${fns.join('')}</optgroup><optgroup label="Physics-informed KAN (PINN)">${pdes.join('')}</optgroup>`
    + `<optgroup label="Find the formula (kanntk discover)">${found.join('')}</optgroup>`;
}

function layout(): void {
  document.head.insertAdjacentHTML('beforeend', `<style>${PAGE_STYLE}${DEMO_STYLE}</style>`);
  const inits = ['baseline', 'glorot', 'power'].map((i) => `<label><input type="checkbox" name="init" value="${i}"${DEMO_PROTOCOL.inits.includes(i as never) ? ' checked' : ''}> ${i}</label>`).join('');
  document.body.insertAdjacentHTML('beforeend', `
<header><h1>kanntk demo: NTK spectra of KANs, live</h1>
<p class="intro">Trains Kolmogorov–Arnold Networks with Adam in this page and takes the empirical neural tangent kernel's spectrum at checkpoints, as <code>kanntk study</code> does in Node. Nothing leaves your machine.</p></header>
<form id="setup" novalidate>
  <label>study <select id="study">${optionList()}</select></label>
  <label id="model-label">model <select id="model"><option value="small" selected>small [2,8,8,1], G=5</option><option value="big">big [2,32,32,32,1], G=20 (slow)</option></select></label>
  <fieldset id="inits-field"><legend>initialisation</legend>${inits}</fieldset>
  <label id="epochs-label">Adam updates <input id="epochs" type="number" min="1" max="20000" step="1" value="${DEMO_PROTOCOL.epochs}"></label>
  <label id="points-label">points <input id="points" type="number" min="10" max="20000" step="1" value="${DEMO_PROTOCOL.nPoints}"></label>
  <label id="ntk-label">NTK points <input id="ntk" type="number" min="2" max="1024" step="1" value="${DEMO_PROTOCOL.nNtk}"></label>
  <button id="run" type="submit">Run</button>
</form>
<div id="status"><progress id="bar" value="0" max="1"></progress><span id="message">ready</span></div>
<div id="backend"></div>
<div id="downloads"><button id="dl-json" disabled>Download result (JSON)</button><button id="dl-report" disabled>Download report (HTML)</button></div>
<div id="live"></div>`);
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The request the form describes; throws with a message a person can act on. */
export function requestFromForm(): DemoRequest {
  const [kind, name] = $<HTMLSelectElement>('study').value.split(':');
  if (kind === 'discover') {
    const n = Number($<HTMLInputElement>('points').value);
    if (!Number.isInteger(n) || n < 100 || n > 5000) throw new Error('points must be a whole number from 100 to 5000 to find a formula');
    return { type: 'run', study: 'discover', fn: name as (typeof DISCOVERABLE)[number], nPoints: n, seed: 0 };
  }
  const model = $<HTMLSelectElement>('model').value as 'small' | 'big';
  const inits = [...document.querySelectorAll<HTMLInputElement>('input[name=init]:checked')].map((i) => i.value) as StudyProtocol['inits'];
  const int = (id: string, lo: number, hi: number, what: string) => {
    const v = Number($<HTMLInputElement>(id).value);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${what} must be a whole number from ${lo} to ${hi}`);
    return v;
  };
  if (inits.length === 0) throw new Error('choose at least one initialisation');
  const epochs = int('epochs', 1, 20000, 'Adam updates');
  const nNtk = int('ntk', 2, 1024, 'NTK points');
  const checkpoints = evenCheckpoints(DEMO_PROTOCOL.checkpoints.length, epochs);
  if (kind === 'pde') {
    const protocol: PdeStudyProtocol = { ...REDUCED_PDE_PROTOCOL, pde: name as PdeStudyProtocol['pde'], models: [model], inits, steps: epochs, checkpoints, nNtkInterior: Math.min(nNtk, REDUCED_PDE_PROTOCOL.gridSide ** 2) };
    return { type: 'run', study: 'pde', protocol };
  }
  const nPoints = int('points', 10, 20000, 'points');
  if (nNtk > Math.round(0.8 * nPoints)) throw new Error(`NTK points (${nNtk}) exceed the ${Math.round(0.8 * nPoints)} training points`);
  const protocol: StudyProtocol = { ...DEMO_PROTOCOL, functions: [name as StudyProtocol['functions'][number]], models: [model], inits, epochs, nPoints, nNtk, checkpoints };
  return { type: 'run', study: 'function', protocol };
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function start(): void {
  const request = requestFromForm();
  const runs: Record<string, unknown>[] = [];
  let current: Record<string, unknown> | null = null;
  const live = $('live');
  const render = (extra?: Record<string, unknown>) => {
    if (request.study === 'discover') {
      if (extra) live.innerHTML = sectionsHtml(discoverSections(extra as unknown as DiscoverResultFile));
      return;
    }
    const shown = { runs: [...runs, ...(current ? [current] : [])] as never[], ...(extra ?? {}) };
    const sections = request.study === 'pde' ? pdeStudySections(shown) : studySections(shown, FORMULAS);
    live.innerHTML = sectionsHtml(sections);
  };
  $<HTMLButtonElement>('run').disabled = true;
  for (const id of ['dl-json', 'dl-report']) $<HTMLButtonElement>(id).disabled = true;
  document.body.dataset.state = 'running';
  $('message').textContent = 'starting…';
  live.innerHTML = '';
  const worker = new Worker(new URL('./demo-worker.js', import.meta.url), { type: 'module' });
  const finish = (state: 'done' | 'error') => {
    worker.terminate();
    $<HTMLButtonElement>('run').disabled = false;
    document.body.dataset.state = state;
  };
  worker.onerror = (e) => {
    $('message').innerHTML = `<span id="error">${escapeHtml(`the worker failed: ${e.message}`)}</span>`;
    finish('error');
  };
  worker.onmessage = (event: MessageEvent<DemoMessage>) => {
    const m = event.data;
    if (m.type === 'started') {
      $('backend').innerHTML = factsHtml([['backend', `${m.backend.name}: ${m.backend.device} (${m.backend.precision})`], ['why', m.backend.reason], ['threads', m.backend.threads]]);
    } else if (m.type === 'progress') {
      $<HTMLProgressElement>('bar').value = m.done / m.total;
      $('message').textContent = m.message === 'done' ? 'done' : request.study === 'discover' ? `${m.message}…` : `run ${m.done + 1} of ${m.total}: ${m.message}`;
    } else if (m.type === 'checkpoint') {
      if (!current) current = { ...m.run, checkpoints: [], loss: [] };
      (current.checkpoints as unknown[]).push(m.checkpoint);
      render();
    } else if (m.type === 'run') {
      runs.push(m.record as Record<string, unknown>);
      current = null;
      render();
    } else if (m.type === 'done') {
      (window as unknown as { kanntkResults: unknown }).kanntkResults = m.result;
      $<HTMLProgressElement>('bar').value = 1;
      render(m.result);
      const stem = request.study === 'discover' ? 'discover' : request.study === 'pde' ? `study-${request.protocol.pde}` : 'study';
      $<HTMLButtonElement>('dl-json').onclick = () => download(`${stem}.json`, JSON.stringify(m.result) + '\n', 'application/json');
      $<HTMLButtonElement>('dl-report').onclick = () => download(`${stem === 'discover' ? 'report-discover' : stem.replace('study', 'report')}.html`, buildReport(m.result, 'the demo result'), 'text/html');
      for (const id of ['dl-json', 'dl-report']) $<HTMLButtonElement>(id).disabled = false;
      $('message').textContent = request.study === 'discover' ? `done: y1 = ${(m.result.formula as string[])[0]}` : `done: ${runs.length} runs`;
      finish('done');
    } else if (m.type === 'error') {
      $('message').innerHTML = `<span id="error">${escapeHtml(m.message)}</span>`;
      finish('error');
    }
  };
  worker.postMessage(request);
}

layout();
$('study').addEventListener('change', () => {
  const value = $<HTMLSelectElement>('study').value;
  $('points-label').style.display = value.startsWith('pde:') ? 'none' : '';
  for (const id of STUDY_ONLY) $(id).style.display = value.startsWith('discover:') ? 'none' : '';
});
$('setup').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    start();
  } catch (err) {
    $('message').innerHTML = `<span id="error">${escapeHtml((err as Error).message)}</span>`;
  }
});

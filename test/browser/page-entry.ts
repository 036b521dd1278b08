// Runs in headless Chromium: the parity suite on navigator.gpu against wasm,
// with the same engine code a web page would use.
import { createEngine } from '../../src/engine.js';
import { parityReport } from '../graph/parity.js';
import { KanModel } from '../../src/kan/model.js';
import { lossAndGrad } from '../../src/train/loss-and-grad.js';
import { relErr } from '../helpers/nd.js';
import splineSmall from '../../../shared/fixtures/kan_forward_spline_small_perturbed.json';
import baseSmall from '../../../shared/fixtures/kan_forward_base_small_perturbed.json';
import chebyshev from '../../../shared/fixtures/kan_forward_chebyshev_perturbed.json';
import ntkSmall from '../../../shared/fixtures/ntk_spline_small.json';
import { ntk } from '../../src/ntk/ntk.js';
import { stabilizeHost } from '../../src/ntk/stabilize.js';
import { eigh } from '../../src/spectral/eigh.js';
import { createKan } from '../../src/kan/build.js';
import { evaluateFormulas, symbolicFormula } from '../../src/interpret/formula.js';

const KAN_FIXTURES: Record<string, any> = { spline_small: splineSmall, base_small: baseSmall, chebyshev };

/** Forward outputs, loss and gradient of the KAN fixtures on the page's WebGPU backend: errors relative to max|·|. */
async function kanReport(backend: Parameters<typeof KanModel.prototype.bind>[0]) {
  const rows = [];
  for (const [name, fx] of Object.entries(KAN_FIXTURES)) {
    const model = KanModel.fromJSON(fx.model);
    const y = await model.forward({ backend }, fx.x);
    const bound = model.bind(backend);
    const { loss, grad } = await lossAndGrad(bound, fx.x, fx.y, { loss: 'mse' });
    bound.dispose();
    rows.push({ name, forward: relErr(y.data, fx.outputs.data), loss: Math.abs(loss - fx.loss) / Math.abs(fx.loss), grad: relErr(grad, fx.grad.data) });
  }
  return rows;
}

interface PageResult {
  done: boolean;
  threads?: unknown;
  adapter?: string;
  precision?: string;
  rows?: Awaited<ReturnType<typeof parityReport>>;
  kan?: Awaited<ReturnType<typeof kanReport>>;
  ntk?: Awaited<ReturnType<typeof ntkReport>>;
  formula?: Awaited<ReturnType<typeof formulaReport>>;
  error?: string;
}

/** The small spline KAN's NTK (glorot case) and its top eigenvalue on the page's WebGPU backend. */
async function ntkReport(backend: Parameters<typeof KanModel.prototype.bind>[0]) {
  const c = (ntkSmall as any).cases[1];
  const bound = KanModel.fromJSON(c.model).bind(backend);
  const K = await ntk(bound, (ntkSmall as any).x);
  bound.dispose();
  const n = K.shape[0];
  const spec = await eigh({ backend }, { shape: [n, n], data: stabilizeHost(K.data, n).matrix }, { vectors: false });
  return { K: relErr(K.data, c.K.data), lambdaMax: Math.abs(spec.values[0] - c.lambda_max) / c.lambda_max, resolved: spec.resolved.filter(Boolean).length };
}

/** A closed-form KAN [2, 1] (sin and x² edges) on WebGPU against its formula, read and evaluated by mathjs in the page. */
async function formulaReport(backend: Parameters<typeof KanModel.prototype.bind>[0]) {
  const spec = createKan({ layerDims: [2, 1], layer: 'spline', G: 3, seed: 1 }).toJSON() as any;
  spec.format = 'kan-model/2';
  spec.layers[0].edge_mask = { shape: [1, 2], data: [0, 0] };
  spec.layers[0].symbolic = [{ out: 0, in: 0, fn: 'sin' }, { out: 0, in: 1, fn: 'x^2' }];
  spec.layers[0].symbolic_affine = { shape: [2, 4], data: [3.14159, 0, 1, 0, 1, 0, 1, 0] };
  const model = KanModel.fromJSON(spec);
  const x = { shape: [4, 2], data: [0.1, 0.2, -0.5, 0.3, 0.9, -0.7, 0, 1] };
  const y = await model.forward({ backend }, x);
  const f = await symbolicFormula(model);
  return { text: f.text[0], latex: f.latex[0], err: relErr(await evaluateFormulas(f.text, x), y.data) };
}

const w = window as unknown as { __kanntk: PageResult };
w.__kanntk = { done: false };

(async () => {
  const gpu = await createEngine({ backend: 'webgpu' });
  const wasm = await createEngine({ backend: 'wasm' });
  const rows = await parityReport(gpu.backend, wasm.backend);
  const kan = await kanReport(gpu.backend);
  const ntkRow = await ntkReport(gpu.backend);
  const formula = await formulaReport(gpu.backend);
  // the wasm core's threads, in a Worker (a page's main thread may not wait for workers)
  const threads = await new Promise((resolve) => {
    const worker = new Worker('/threads-worker.js', { type: 'module' });
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => resolve({ error: event.message });
  });
  w.__kanntk = { done: true, adapter: gpu.backend.info.device, precision: gpu.backend.info.precision, rows, kan, ntk: ntkRow, formula, threads };
  gpu.dispose();
  wasm.dispose();
})().catch((err) => {
  w.__kanntk = { done: true, error: String(err?.stack ?? err) };
});

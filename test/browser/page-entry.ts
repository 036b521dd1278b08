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
  adapter?: string;
  precision?: string;
  rows?: Awaited<ReturnType<typeof parityReport>>;
  kan?: Awaited<ReturnType<typeof kanReport>>;
  ntk?: Awaited<ReturnType<typeof ntkReport>>;
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

const w = window as unknown as { __kanntk: PageResult };
w.__kanntk = { done: false };

(async () => {
  const gpu = await createEngine({ backend: 'webgpu' });
  const wasm = await createEngine({ backend: 'wasm' });
  const rows = await parityReport(gpu.backend, wasm.backend);
  const kan = await kanReport(gpu.backend);
  const ntkRow = await ntkReport(gpu.backend);
  w.__kanntk = { done: true, adapter: gpu.backend.info.device, precision: gpu.backend.info.precision, rows, kan, ntk: ntkRow };
  gpu.dispose();
  wasm.dispose();
})().catch((err) => {
  w.__kanntk = { done: true, error: String(err?.stack ?? err) };
});

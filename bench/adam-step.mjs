// One full-batch Adam step (4000 points, MSE) for the research architectures,
// on each backend, fused KAN kernel against the unfused graph path in the same run.
// The Python reference (jaxKAN, float64, 2 cores) is quoted from ../shared/baselines.md.
import { createEngine, createKan, tidy, tensor, grad, lossGraph, adam } from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';
import { seeded, forEachBackend } from './common.mjs';

const N = 4000;
const ARCHS = [
  { name: 'small [2,8,8,1] G=5', layerDims: [2, 8, 8, 1], G: 5, jaxkanMs: 36 },
  { name: 'big [2,32,32,32,1] G=20', layerDims: [2, 32, 32, 32, 1], G: 20, jaxkanMs: 626 },
];


async function timeStep(engine, model, fused, x, y, repeats) {
  const bound = model.bind(engine.backend, { fused });
  const opt = adam({ lr: 1e-3 });
  const xt = tensor(engine.backend, x, [N, 2]), yt = tensor(engine.backend, y, [N, 1]);
  const step = () =>
    tidy(async () => {
      const L = lossGraph(bound, xt, yt, 'mse');
      bound.setParams(opt.step(bound.params, grad(L, bound.params)));
      await L.data();
      return null;
    });
  const ms = median(await timeIt(step, repeats));
  opt.dispose();
  bound.dispose();
  xt.dispose();
  yt.dispose();
  return ms;
}

export async function benchAdamStep() {
  const rnd = seeded(11);
  const x = Float64Array.from({ length: N * 2 }, rnd);
  const y = Float64Array.from({ length: N }, (_, i) => x[2 * i] ** 2 + 2 * Math.exp(x[2 * i + 1]));
  for (const arch of ARCHS) {
    const model = createKan({ layerDims: arch.layerDims, G: arch.G, k: 3, init: { type: 'glorot' }, seed: 43 });
    const rows = [];
    for (const backendName of ['wasm', 'webgpu']) {
      let engine;
      try {
        engine = await createEngine({ backend: backendName });
      } catch (err) {
        rows.push({ what: `${backendName}: unavailable`, ms: NaN, ratio: NaN, note: err.message });
        continue;
      }
      // SwiftShader emulates a GPU on the CPU: few repeats, its times say nothing about GPU speed
      const repeats = backendName === 'webgpu' ? 2 : 5;
      const unfused = await timeStep(engine, model, false, x, y, repeats);
      const fused = await timeStep(engine, model, true, x, y, repeats);
      const device = engine.backend.info.device;
      rows.push({ what: `${backendName} unfused graph path (baseline) [${device}]`, ms: unfused, ratio: 1 });
      rows.push({ what: `${backendName} fused KAN kernel`, ms: fused, ratio: fused / unfused });
      if (backendName === 'wasm') rows.push({ what: 'jaxKAN f64, 2 cores (baselines.md, not this run)', ms: arch.jaxkanMs, ratio: arch.jaxkanMs / unfused, note: `fused wasm is ${(arch.jaxkanMs / fused).toFixed(1)}× faster` });
      engine.dispose();
    }
    report(`Adam step, ${arch.name}, ${N} points (ratio: time / unfused time on the same backend)`, rows);
  }
}

// Hessian-vector products for the big KAN [2,32,32,32,1] G=20 (53,697 params) on 4000 points:
// the time of one HVP (reverse over reverse) relative to one gradient of the same loss in the
// same run, per backend (the ideal is a small constant), and 20 power iterations on wasm.
// jaxKAN's figures (float64, 2 cores) are quoted from ../shared/baselines.md, not measured here.
import { createKan, HessianOperator, powerIteration } from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';
import { seeded, forEachBackend } from './common.mjs';

const N = 4000;
const JAXKAN = { gradMs: 586, hvpMs: 1050, power20Ms: 7100 };

export async function benchHessian() {
  const rnd = seeded(17);
  const xData = Float64Array.from({ length: N * 2 }, rnd);
  const yData = Float64Array.from({ length: N }, (_, i) => xData[2 * i] ** 2 + 2 * Math.exp(xData[2 * i + 1]));
  const x = { shape: [N, 2], data: xData };
  const y = { shape: [N, 1], data: yData };
  const model = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'glorot' }, seed: 43 });
  const v = Float64Array.from({ length: model.nParams }, seeded(5));
  await forEachBackend('Hessian', async (engine, name) => {
    // SwiftShader emulates a GPU on the CPU: few repeats, its times say nothing about GPU speed
    const repeats = name === 'webgpu' ? 2 : 5;
    const bound = model.bind(engine.backend);
    const op = HessianOperator.create(bound, x, y, { loss: 'mse' });
    const gradMs = median(await timeIt(() => op.gradient(), repeats));
    const hvpMs = median(await timeIt(() => op.apply(v), repeats));
    const rows = [
      { what: 'gradient of the MSE (baseline)', ms: gradMs, ratio: 1 },
      { what: 'Hessian-vector product', ms: hvpMs, ratio: hvpMs / gradMs },
    ];
    if (name === 'wasm') {
      const t0 = performance.now();
      await powerIteration(op, { k: 1, maxIterations: 20, tol: 0, seed: 1 });
      const powerMs = performance.now() - t0;
      rows.push({ what: '20 power iterations (top eigenvalue)', ms: powerMs, ratio: powerMs / gradMs });
      rows.push({ what: 'jaxKAN f64 gradient, 2 cores (baselines.md, not this run)', ms: JAXKAN.gradMs, ratio: JAXKAN.gradMs / gradMs });
      rows.push({ what: 'jaxKAN f64 HVP (baselines.md, not this run)', ms: JAXKAN.hvpMs, ratio: JAXKAN.hvpMs / gradMs, note: `its HVP/gradient = ${(JAXKAN.hvpMs / JAXKAN.gradMs).toFixed(2)}; ours ${(hvpMs / gradMs).toFixed(2)}` });
      rows.push({ what: 'jaxKAN f64 20 power iterations (baselines.md, not this run)', ms: JAXKAN.power20Ms, ratio: JAXKAN.power20Ms / gradMs });
    }
    report(`Hessian, big KAN [2,32,32,32,1] G=20 (${model.nParams} params), ${N} points, ${name} (${engine.backend.info.device}); ratio: time / one gradient in this run`, rows);
    op.dispose();
    bound.dispose();
  });
}

// PINN costs for the big model: one RBA training step on 64×64 collocation and
// K_EE on 256 interior points, per backend, against one plain (non-PDE) Adam step
// on the same number of points in the same run.
import { createKan, builtinPde, collocationGrid, boundaryPoints, seededSubset, trainPinn, residualNtk, adam, train } from '../dist/node/index.js';
import { report, median, timeIt } from './timing.mjs';
import { forEachBackend } from './common.mjs';

export async function benchPinn() {
  const pde = builtinPde('helmholtz');
  const interior = collocationGrid(pde, 64), boundary = boundaryPoints(pde, 64);
  const ntkPoints = seededSubset(interior, 256, 1);
  await forEachBackend('PINN', async (engine, name) => {
    const model = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'glorot' }, seed: 43 });
    const steps = name === 'webgpu' ? 1 : 3;
    const bound = model.bind(engine.backend);
    // plain regression step on the same 4096 points: the baseline measured in this run
    const y = { shape: [interior.shape[0], 1], data: new Array(interior.shape[0]).fill(0.5) };
    await train(bound, { x: interior, y }, { steps: 1, optimizer: adam() });
    let t0 = performance.now();
    await train(bound, { x: interior, y }, { steps, optimizer: adam() });
    const plainMs = (performance.now() - t0) / (steps + 1); // train evaluates the loss once more at the end
    await trainPinn(bound, pde, { interior, boundary }, { steps: 1 });
    t0 = performance.now();
    await trainPinn(bound, pde, { interior, boundary }, { steps });
    const pinnMs = (performance.now() - t0) / (steps + 1);
    // K_EE: after one warm-up run (the first grows the WASM heap, about 5 s once), as jaxKAN's figure excludes compilation;
    // on SwiftShader a single cold run (each takes about a minute there)
    const keeMs = name === 'wasm' ? median(await timeIt(() => residualNtk(bound, pde, ntkPoints), 1)) : await (async () => {
      const t = performance.now();
      await residualNtk(bound, pde, ntkPoints);
      return performance.now() - t;
    })();
    bound.dispose();
    report(`PINN, big model [2,32,32,32,1] G=20, Helmholtz, ${name} (${engine.backend.info.device})`, [
      { what: 'plain MSE Adam step, 4096 points (baseline)', ms: plainMs, ratio: 1 },
      { what: 'RBA PINN step, 64×64 collocation (u_xx, u_yy)', ms: pinnMs, ratio: pinnMs / plainMs },
      { what: 'K_EE on 256 interior points', ms: keeMs, ratio: keeMs / plainMs, note: name === 'wasm' ? `jaxKAN f64: 1.12 s (baselines.md, not this run); ours takes ${(keeMs / 1120).toFixed(1)}× its time` : '' },
    ]);
  });
}

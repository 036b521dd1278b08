// NTK: structured Gram assembly vs the plain Jacobian path (time and peak memory,
// same run) and larger n for the small model. Eigensolvers and the `ntk` command: eigen.mjs.
import { createKan, ntk } from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';
import { seeded, forEachBackend } from './common.mjs';
import { trackPeak, mib } from './peak-memory.mjs';

const points = (n, seed) => ({ shape: [n, 2], data: Array.from({ length: 2 * n }, seeded(seed)) });

async function timeNtk(engine, model, x, method, repeats) {
  const tracked = trackPeak(engine.backend);
  const bound = model.bind(tracked.backend);
  tracked.resetPeak();
  const ms = median(await timeIt(() => ntk(bound, x, { method }), repeats));
  const peak = mib(tracked.peak());
  bound.dispose();
  return { ms, peak };
}

export async function benchNtk() {
  const big = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'glorot' }, seed: 43 });
  const small = createKan({ layerDims: [2, 8, 8, 1], G: 5, k: 3, init: { type: 'glorot' }, seed: 43 });
  await forEachBackend('NTK', async (engine, name) => {
    const reps = name === 'webgpu' ? 1 : 3;
    const x = points(256, 5);
    const plain = await timeNtk(engine, big, x, 'plain', reps);
    const structured = await timeNtk(engine, big, x, 'structured', reps);
    report(`NTK, big model [2,32,32,32,1] G=20 (53,697 params), 256 points, ${name} (${engine.backend.info.device})`, [
      { what: 'plain J·Jᵀ (baseline)', ms: plain.ms, ratio: 1, note: `peak ${plain.peak.toFixed(1)} MiB` },
      { what: 'structured Gram assembly', ms: structured.ms, ratio: structured.ms / plain.ms, note: `peak ${structured.peak.toFixed(1)} MiB, ${(plain.peak / structured.peak).toFixed(1)}× less memory` },
      ...(name === 'wasm' ? [{ what: 'jaxKAN f64 NTK (baselines.md, not this run)', ms: 321, ratio: 321 / plain.ms, note: `structured wasm is ${(321 / structured.ms).toFixed(1)}× faster; jaxKAN peak 294 MiB` }] : []),
    ]);
    if (name === 'wasm') {
      const rows = [];
      for (const n of [1024, 4096]) {
        const xs = points(n, 7);
        const p = n <= 1024 ? await timeNtk(engine, small, xs, 'plain', 1) : null;
        const s = await timeNtk(engine, small, xs, 'structured', 1);
        if (p) rows.push({ what: `n=${n} plain (baseline)`, ms: p.ms, ratio: 1, note: `peak ${p.peak.toFixed(1)} MiB` });
        rows.push({ what: `n=${n} structured`, ms: s.ms, ratio: p ? s.ms / p.ms : NaN, note: `peak ${s.peak.toFixed(1)} MiB` });
      }
      report('NTK, small model [2,8,8,1] G=5, wasm', rows);
    }
  });
}

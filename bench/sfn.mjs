// Saddle-free Newton next to SGD and Adam on the research's MLP classifier:
// the digits (1,437 training rows after the seeded 0.2 split, standardised),
// a 64-512-10 ReLU MLP (Glorot normal), full-batch cross-entropy, wasm f64.
// Each optimiser runs from the same initial model; reported per optimiser: the
// training loss and validation accuracy after its steps and the time per step
// (the baseline: one SGD step). SFN uses a Hessian batch of 256 rows per step
// with 20 Lanczos iterations, and with the research's 100; SGD and Adam also
// run for about as long as the 10 cheaper SFN steps take.
import { fileURLToPath } from 'node:url';
import {
  createEngine, createKan, loadDataset, splitSeeded, featureStats, standardize, train, adam, sgd, trainSfn, classifierMetrics,
} from '../dist/node/index.js';
import { report } from './timing.mjs';

export async function benchSfn() {
  const engine = await createEngine({ backend: 'wasm' });
  try {
    const split = splitSeeded(await loadDataset('digits'), 0.2, 0);
    const stats = featureStats(split.train.features);
    const tr = standardize(split.train, stats), va = standardize(split.val, stats);
    const x = tr.features, y = { shape: [tr.labels.length], data: Array.from(tr.labels) };
    const model = createKan({ layerDims: [64, 512, 10], layer: 'dense', activation: 'relu', init: { type: 'glorot' }, seed: 0 });
    const rows = [];
    const runs = [
      ['SGD (lr 0.1, full batch)', 30, (b, steps) => train(b, { x, y }, { steps, loss: 'ce', optimizer: sgd({ lr: 0.1 }) })],
      ['Adam (lr 1e-3, full batch)', 30, (b, steps) => train(b, { x, y }, { steps, loss: 'ce', optimizer: adam({ lr: 1e-3 }) })],
      ['SFN (Hessian batch 256, 20 Lanczos)', 10, (b, steps) => trainSfn(b, { x, y }, { steps, loss: 'ce', hessianBatch: 256, lanczosSteps: 20, maxStep: 2 })],
      ['SFN (Hessian batch 256, 100 Lanczos: the research)', 4, (b, steps) => trainSfn(b, { x, y }, { steps, loss: 'ce', hessianBatch: 256, lanczosSteps: 100, maxStep: 2 })],
      // as long in wall time as the 10 SFN steps above
      ['SGD for about the same time', 125, (b, steps) => train(b, { x, y }, { steps, loss: 'ce', optimizer: sgd({ lr: 0.1 }) })],
      ['Adam for about the same time', 125, (b, steps) => train(b, { x, y }, { steps, loss: 'ce', optimizer: adam({ lr: 1e-3 }) })],
    ];
    let sgdMs = NaN;
    for (const [name, steps, run] of runs) {
      const bound = model.bind(engine.backend);
      const t0 = performance.now();
      await run(bound, steps);
      const ms = (performance.now() - t0) / steps;
      const t = await classifierMetrics(bound, x, tr.labels), v = await classifierMetrics(bound, va.features, va.labels);
      bound.dispose();
      if (Number.isNaN(sgdMs)) sgdMs = ms;
      rows.push({ what: `${name}: ${steps} steps → loss ${t.loss.toFixed(4)}, val acc ${(100 * v.accuracy).toFixed(1)}%`, ms, ratio: ms / sgdMs, note: 'per step' });
    }
    const init = await (async () => {
      const b = model.bind(engine.backend);
      const m = await classifierMetrics(b, x, tr.labels);
      b.dispose();
      return m;
    })();
    report(`optimisers on the digits MLP 64-512-10 (${model.nParams} parameters, initial loss ${init.loss.toFixed(4)}), wasm f64 — baseline: one SGD step`, rows);
  } finally {
    engine.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchSfn();

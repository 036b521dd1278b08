// The wasm core on every core against one thread, same run, same data: the
// NTK assembly (big model, 256 points), a big-model Adam step (4,000 points),
// the tridiagonal reduction (n = 1024, 2048) and eigenvalues end to end, and
// the ratio each gains. Results are checked equal (bit for bit, or within the
// documented reduction-order rounding for the tridiagonal reduction).
import { createEngine, createKan, ntk, tensor, tidy, grad, lossGraph, adam, eigh } from '../dist/node/index.js';
import { median, report } from './timing.mjs';
import { seeded } from './common.mjs';

const N_ADAM = 4000;

async function engines() {
  const one = await createEngine({ backend: 'wasm', threads: 1 });
  const all = await createEngine({ backend: 'wasm', threads: 'auto', waitForThreads: true });
  return { one, all };
}

function symmetric(n) {
  const r = seeded(n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = r();
  return A;
}

/**
 * Median times of `runOne` (1 thread) and `runAll` (every thread), alternated rep by rep so that
 * both see the same state of the machine (background compilation, GC, other load); one warm-up each.
 */
async function alternate(runOne, runAll, reps) {
  await runOne();
  await runAll();
  const one = [], all = [];
  for (let r = 0; r < reps; r++) {
    for (const [run, times] of [[runOne, one], [runAll, all]]) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
  }
  return { one: median(one), all: median(all) };
}

function ntkRunner(engine, model, x, out) {
  const bound = model.bind(engine.backend);
  return async () => (out.K = (await ntk(bound, x, { method: 'structured' })).data);
}

function adamRunner(engine, model, xs, ys, out) {
  const bound = model.bind(engine.backend);
  const opt = adam({ lr: 1e-3 });
  const xt = tensor(engine.backend, xs, [N_ADAM, 2]), yt = tensor(engine.backend, ys, [N_ADAM, 1]);
  return () => tidy(async () => {
    const L = lossGraph(bound, xt, yt, 'mse');
    bound.setParams(opt.step(bound.params, grad(L, bound.params)));
    out.loss = (await L.data())[0];
    return null;
  });
}

function tridiagonalRunner(engine, A, n) {
  const be = engine.backend;
  const src = be.upload(A), a = be.alloc(n * n), tau = be.alloc(n);
  return async () => {
    be.run({ kind: 'copy', x: src, out: a, shape: [n * n], xStrides: [1], xOffset: 0, outStrides: [1], outOffset: 0 });
    be.run({ kind: 'tridiagonalize', a, tau, n });
  };
}

export async function benchThreads() {
  const { one, all } = await engines();
  const threads = all.backend.info.threads;
  const label = `${threads.count} threads (${threads.reason})`;
  try {
    const big = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'glorot' }, seed: 43 });
    const r = seeded(5);
    const x = { shape: [256, 2], data: Array.from({ length: 512 }, r) };
    const k1 = {}, kT = {};
    const ntkT = await alternate(ntkRunner(one, big, x, k1), ntkRunner(all, big, x, kT), 9);
    const ntkSame = k1.K.every((v, i) => Object.is(v, kT.K[i]));
    const xs = Float64Array.from({ length: 2 * N_ADAM }, seeded(11));
    const ys = Float64Array.from({ length: N_ADAM }, (_, i) => xs[2 * i] ** 2 + 2 * Math.exp(xs[2 * i + 1]));
    // both take the same Adam steps from the same start, so their losses match step for step
    const l1 = {}, lT = {};
    const adamT = await alternate(adamRunner(one, big, xs, ys, l1), adamRunner(all, big, xs, ys, lT), 9);
    const rows = [
      { what: 'NTK assembly, big model, 256 points, 1 thread (baseline)', ms: ntkT.one, ratio: 1 },
      { what: `NTK assembly, ${threads.count} threads`, ms: ntkT.all, ratio: ntkT.all / ntkT.one, note: `${(ntkT.one / ntkT.all).toFixed(2)}× faster; K ${ntkSame ? 'identical to the bit' : 'DIFFERS'}` },
      { what: 'Adam step, big model, 4,000 points, 1 thread (baseline)', ms: adamT.one, ratio: 1 },
      { what: `Adam step, ${threads.count} threads`, ms: adamT.all, ratio: adamT.all / adamT.one, note: `${(adamT.one / adamT.all).toFixed(2)}× faster; loss after 10 steps ${Object.is(l1.loss, lT.loss) ? 'identical' : 'DIFFERS'}` },
    ];
    for (const n of [1024, 2048]) {
      const A = symmetric(n);
      const t = await alternate(tridiagonalRunner(one, A, n), tridiagonalRunner(all, A, n), n > 1024 ? 3 : 7);
      rows.push({ what: `tridiagonal reduction n=${n}, 1 thread (baseline)`, ms: t.one, ratio: 1 });
      rows.push({ what: `tridiagonal reduction n=${n}, ${threads.count} threads`, ms: t.all, ratio: t.all / t.one, note: `${(t.one / t.all).toFixed(2)}× faster` });
      const e1 = await eigh(one, { shape: [n, n], data: A }), eT = await eigh(all, { shape: [n, n], data: A });
      const norm = Math.max(...e1.values.map(Math.abs));
      const diff = Math.max(...e1.values.map((v, i) => Math.abs(v - eT.values[i]))) / norm;
      rows.push({ what: `  eigenvalues n=${n}: threaded vs one thread`, ms: NaN, ratio: NaN, note: `max difference ${diff.toExponential(1)} of the spectral norm` });
    }
    report(`wasm threads: ${label} against 1 thread, same run`, rows);
  } finally {
    one.dispose();
    all.dispose();
  }
}

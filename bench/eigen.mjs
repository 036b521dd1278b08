// Symmetric eigensolvers (wasm, f64) against numpy's LAPACK on the same matrices
// in the same run (python3 with numpy, both threads and one thread), and the
// `kanntk ntk` command end to end: its compute_s as a user sees it (a fresh
// process per run) beside its parts (NTK assembly, spectrum) measured warm here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, createKan, eigh, ntk, kernelSpectrum } from '../dist/node/index.js';
import { median, timeIt, report } from './timing.mjs';
import { seeded } from './common.mjs';

const SIZES = [256, 1024, 2048];
const CLI = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));

function randomSymmetric(n) {
  const r = seeded(n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = r();
  return A;
}

const NUMPY_SCRIPT = `
import sys, time, numpy as np
path, n, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
A = np.fromfile(path, dtype='<f8').reshape(n, n)
def best(f):
    f(A)
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(A); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1e3
print(best(np.linalg.eigvalsh), best(np.linalg.eigh))
`;

/** numpy's eigvalsh and eigh medians (ms) on the matrix in `path`, or null without numpy. */
function numpyTimes(path, n, reps, threads) {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', ['-c', NUMPY_SCRIPT, path, String(n), String(reps)], { env, encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [values, vectors] = r.stdout.trim().split(/\s+/).map(Number);
  return { values, vectors };
}

async function benchEigh(engine, dir) {
  const rows = [];
  for (const n of SIZES) {
    const A = randomSymmetric(n);
    const path = join(dir, `a${n}.f64`);
    writeFileSync(path, Buffer.from(A.buffer));
    const reps = n <= 256 ? 9 : n <= 1024 ? 3 : 1;
    const np2 = numpyTimes(path, n, reps, 2);
    const np1 = numpyTimes(path, n, reps, 1);
    const ours = {};
    for (const vectors of [false, true]) {
      ours[vectors] = median(await timeIt(() => eigh(engine, { shape: [n, n], data: A }, { vectors }), reps));
    }
    if (!np2) {
      rows.push({ what: `${n}×${n}: numpy unavailable`, ms: NaN, ratio: NaN });
    } else {
      rows.push({ what: `${n}×${n} numpy eigvalsh, 2 threads (baseline)`, ms: np2.values, ratio: 1, note: `1 thread: ${np1.values.toFixed(1)} ms` });
      rows.push({ what: `${n}×${n} kanntk eigh, eigenvalues`, ms: ours[false], ratio: ours[false] / np2.values, note: `${(ours[false] / np1.values).toFixed(2)}× numpy on 1 thread` });
      rows.push({ what: `${n}×${n} numpy eigh, 2 threads (baseline)`, ms: np2.vectors, ratio: 1, note: `1 thread: ${np1.vectors.toFixed(1)} ms` });
      rows.push({ what: `${n}×${n} kanntk eigh, eigenpairs`, ms: ours[true], ratio: ours[true] / np2.vectors, note: `${(ours[true] / np1.vectors).toFixed(2)}× numpy on 1 thread` });
    }
  }
  report('Symmetric eigensolvers, wasm f64 (one thread), default method; numpy LAPACK in this run', rows);
}

async function benchNtkCommand(engine, dir) {
  const model = createKan({ layerDims: [2, 32, 32, 32, 1], G: 20, k: 3, init: { type: 'glorot' }, seed: 43 });
  const r = seeded(5);
  const x = { shape: [256, 2], data: Array.from({ length: 512 }, r) };
  const modelPath = join(dir, 'big.json'), xPath = join(dir, 'x.json');
  writeFileSync(modelPath, model.serialize());
  writeFileSync(xPath, JSON.stringify(x));
  const cold = [];
  for (let i = 0; i < 3; i++) {
    const run = spawnSync(process.execPath, [CLI, 'ntk', '--model', modelPath, '--input', xPath, '--backend', 'wasm'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`kanntk ntk failed: ${run.stderr}`);
    cold.push(JSON.parse(run.stdout).timing.compute_s * 1000);
  }
  const bound = model.bind(engine.backend);
  const K = await ntk(bound, x);
  const ntkMs = median(await timeIt(() => ntk(bound, x), 5));
  const spectrumMs = median(await timeIt(() => kernelSpectrum(bound, K), 5));
  bound.dispose();
  const jax = 327; // jaxKAN NTK + eigvalsh, f64 (baselines.md: not measurable in this run)
  const command = median(cold);
  report('`kanntk ntk`, big model [2,32,32,32,1] G=20, 256 points, wasm f64', [
    { what: 'jaxKAN NTK + eigvalsh (baselines.md, not this run)', ms: jax, ratio: 1 },
    { what: 'kanntk ntk: compute_s, fresh process (median of 3)', ms: command, ratio: command / jax, note: `${(jax / command).toFixed(1)}× faster` },
    { what: '  part: NTK assembly (structured), warm', ms: ntkMs, ratio: ntkMs / jax },
    { what: '  part: stabilise + eigenvalues + metrics, warm', ms: spectrumMs, ratio: spectrumMs / jax },
  ]);
}

export async function benchEigen() {
  const engine = await createEngine({ backend: 'wasm' });
  const dir = mkdtempSync(join(tmpdir(), 'kanntk-bench-'));
  try {
    await benchNtkCommand(engine, dir);
    await benchEigh(engine, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    engine.dispose();
  }
}

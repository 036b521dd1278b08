// Runs in a module Worker of a cross-origin-isolated page in headless Chromium:
// the wasm core on Web Workers sharing its memory, against one thread, on the
// calls that cut into slices and on the tridiagonal reduction.
import { createEngine } from '../../src/engine.js';
import { createKan } from '../../src/kan/build.js';
import { ntk } from '../../src/ntk/ntk.js';
import type { Backend } from '../../src/backend/backend.js';

const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length), String);

function tridiagonal(backend: Backend, A: Float64Array, n: number) {
  const a = backend.upload(A), tau = backend.alloc(n);
  backend.run({ kind: 'tridiagonalize', a, tau, n });
  return backend.read(a);
}

(async () => {
  const one = await createEngine({ backend: 'wasm', threads: 1 });
  const all = await createEngine({ backend: 'wasm', waitForThreads: true });
  const model = createKan({ layerDims: [2, 16, 16, 1], G: 10, k: 3, init: { type: 'glorot' }, seed: 3 });
  const x = { shape: [300, 2], data: Array.from({ length: 600 }, (_, i) => Math.sin(i * 1.7)) };
  const K1 = await ntk(model.bind(one.backend), x, { method: 'structured' });
  const KT = await ntk(model.bind(all.backend), x, { method: 'structured' });
  const n = 256;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = ((Math.sin(i * 12.9898 + j * 78.233) * 43758.5453) % 1); // a generic (full-rank) matrix
  const [T1, TT] = [await tridiagonal(one.backend, A, n), await tridiagonal(all.backend, A, n)];
  let tridiagonalDiff = 0;
  for (let i = 0; i < n; i++) tridiagonalDiff = Math.max(tridiagonalDiff, Math.abs(T1[i * n + i] - TT[i * n + i]));
  postMessage({
    threads: all.backend.info.threads,
    threadedCalls: all.backend.stats().threadedCalls,
    ntkSame: bits(K1.data).join() === bits(KT.data).join(),
    tridiagonalDiff,
  });
  one.dispose();
  all.dispose();
})().catch((err) => postMessage({ error: String(err?.stack ?? err) }));

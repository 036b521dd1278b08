// exp(s·K) for a symmetric kernel K through its eigendecomposition,
// V·diag(e^{s·λ})·Vᵀ: the solution operator of the linearised training
// dynamics df/dt = −(η/N)·K·(f − y), whose modes decay at the rates of K's
// eigenvalues. For general matrices: math/expm.ts.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import type { HostArray } from '../host-array.js';
import { eigh } from './eigh.js';

/** exp(scale·K) for a symmetric n×n K (row-major); `engine`: an Engine or a bound model. */
export async function symmetricExpm(engine: { backend: Backend }, K: HostArray, scale: number): Promise<HostArray<Float64Array>> {
  if (!Number.isFinite(scale)) throw new KanntkError(`symmetricExpm: scale must be a finite number, got ${scale}`);
  const n = K.shape[0];
  const { values, vectors } = await eigh(engine, K);
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const v = vectors![r], e = Math.exp(scale * values[r]);
    for (let i = 0; i < n; i++) {
      const vi = e * v[i];
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += vi * v[j];
    }
  }
  return { shape: [n, n], data: out };
}

// Saddle-free Newton: the augmented operator against the explicit matrix
// [[H, g], [gᵀ, −δ]] built from the fixture's Hessian; the step against a dense
// computation (F's smallest eigenvalue λ by eigh, then −(H − λI)⁻¹g); descent
// on a Hessian with negative curvature; and training that lowers the loss.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { augmentedOperator, sfnDirection, trainSfn } from '../../src/hessian/saddle-free-newton.js';
import { eigh } from '../../src/spectral/eigh.js';
import { solveSquare } from '../../src/math/dense-matrix.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';
import { kanTiny, mlp, kanTinyOperator, release } from './hessian-fixtures.js';

describe('saddle-free Newton', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  const P = 76, delta = 0.3;
  const H = Float64Array.from(kanTiny.hessian.data as number[]);
  const g = Float64Array.from(kanTiny.grad.data as number[]);
  /** The explicit (P+1)×(P+1) augmented matrix. */
  const explicitF = () => {
    const F = new Float64Array((P + 1) * (P + 1));
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < P; j++) F[i * (P + 1) + j] = H[i * P + j];
      F[i * (P + 1) + P] = F[P * (P + 1) + i] = g[i];
    }
    F[P * (P + 1) + P] = -delta;
    return F;
  };

  it('F·v by HVPs equals the explicit [[H, g], [gᵀ, −δ]]·v', async () => {
    const op = kanTinyOperator(backend);
    const { grad } = await op.gradient();
    expect(relErr(grad, g)).toBeLessThan(1e-12);
    const F = augmentedOperator(op, grad, delta);
    const rng = createSeededRandom(3);
    const v = Float64Array.from({ length: P + 1 }, () => rng.normal());
    const want = new Float64Array(P + 1), E = explicitF();
    for (let i = 0; i <= P; i++) for (let j = 0; j <= P; j++) want[i] += E[i * (P + 1) + j] * v[j];
    expect(relErr(await F.apply(v), want)).toBeLessThan(1e-10);
    release(op);
  });

  it('with a full Lanczos run the step is −(H − λI)⁻¹g for F\'s smallest eigenvalue λ, and points downhill', async () => {
    const op = kanTinyOperator(backend);
    const { direction, lambda, alongCurvature } = await sfnDirection(op, g, { delta, lanczosSteps: P + 1, maxStep: 1e6 });
    const dense = await eigh({ backend }, { shape: [P + 1, P + 1], data: explicitF() });
    const lambdaMin = dense.values[P];
    expect(Math.abs(lambda - lambdaMin) / Math.abs(lambdaMin)).toBeLessThan(1e-10);
    // λ is below every eigenvalue of H (the fixture's Hessian has negative ones) and below −δ
    expect(lambda).toBeLessThan(kanTiny.lambda_min);
    expect(lambda).toBeLessThan(-delta);
    const shifted = Float64Array.from(H, (v, k) => (Math.floor(k / P) === k % P ? v - lambdaMin : v));
    // solveSquare takes an n×n right-hand side: −g in its first column
    const rhs = new Float64Array(P * P);
    for (let i = 0; i < P; i++) rhs[i * P] = -g[i];
    const X = solveSquare(shifted, rhs, P);
    const want = Float64Array.from({ length: P }, (_, i) => X[i * P]);
    expect(relErr(direction, want)).toBeLessThan(1e-8);
    expect(alongCurvature).toBe(false);
    let slope = 0;
    for (let i = 0; i < P; i++) slope += g[i] * direction[i];
    expect(slope).toBeLessThan(0);
    // the step bound
    const short = await sfnDirection(op, g, { delta, lanczosSteps: P + 1, maxStep: 1e-3 });
    expect(Math.hypot(...short.direction)).toBeCloseTo(1e-3, 12);
    release(op);
  });

  it('trains: SFN steps on the MLP classifier lower its cross-entropy', async () => {
    const model = KanModel.fromJSON(mlp.model);
    const bound = model.bind(backend);
    try {
      const y = { shape: [24], data: mlp.labels.data };
      const r = await trainSfn(bound, { x: mlp.x, y }, { steps: 4, loss: 'ce', lanczosSteps: 30, maxStep: 1 });
      expect(r.losses[0]).toBeCloseTo(mlp.loss, 12);
      for (let s = 1; s < 4; s++) expect(r.losses[s]).toBeLessThan(r.losses[s - 1]);
      expect(r.results.every((s) => s.hvps === 30)).toBe(true);
      await expect(trainSfn(bound, { x: mlp.x, y }, { steps: 1, hessianBatch: 99 })).rejects.toThrow(/hessianBatch must be a whole number in \[1, 24\]/);
    } finally {
      bound.dispose();
    }
  });
});

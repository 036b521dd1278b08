// Saddle-free Newton through the augmented Hessian (the research's second-order
// optimizer). With H the loss Hessian and g the gradient on a Hessian batch,
//   F = [[H, g], [gᵀ, −δ]]   (size P + 1, applied matrix-free by Hessian-vector products),
// its smallest eigenpair (λ, [u; t]) comes from Lanczos with full
// re-orthogonalisation (a Rademacher start), and the step is
//   Δθ = u / t = −(H − λ·I)⁻¹·g.
// The second form is why it is saddle-free: λ lies below every eigenvalue of H
// (and below −δ), so H − λI is positive definite whatever H's signature, and Δθ
// is a descent direction that moves away from saddles along negative curvature
// instead of towards them, as a plain Newton step would. This is the augmented-
// Hessian ("rational function", Banerjee et al. 1985) step; δ ≥ 0 shifts λ lower,
// which shortens steps. When t is ~0 (g nearly orthogonal to the bottom
// eigenvector) the step is taken along u itself, downhill, at the step bound.

import { KanntkError } from '../errors.js';
import type { BoundModel } from '../kan/model.js';
import { hessianOperator } from './hvp.js';
import { rademacher } from './trace.js';
import { lanczos, type LinearOperator } from '../spectral/lanczos.js';
import { tridiagonalEigen } from '../spectral/tridiagonal-eigen.js';
import { createSeededRandom } from '../math/random.js';
import { rowsOf, type HostArray } from '../host-array.js';
import type { LossName } from '../train/losses.js';

export interface SfnOptions {
  /** multiplies the step (default 1) */
  lr?: number;
  /** δ ≥ 0 in F's corner (default 0) */
  delta?: number;
  /** Lanczos iterations per step (default 100, as the research; at most P + 1) */
  lanczosSteps?: number;
  /** largest ‖Δθ‖₂ (default 1) */
  maxStep?: number;
  loss?: LossName;
  seed?: number;
}

/** F = [[H, g], [gᵀ, −δ]] from a Hessian operator and the gradient. */
export function augmentedOperator(H: LinearOperator, g: Float64Array, delta: number): LinearOperator {
  const P = H.size;
  if (g.length !== P) throw new KanntkError(`augmentedOperator: the gradient has ${g.length} entries, the Hessian is ${P}×${P}`);
  return {
    size: P + 1,
    roundoff: H.roundoff,
    async apply(v: Float64Array): Promise<Float64Array> {
      const u = v.subarray(0, P), t = v[P];
      const Hu = await H.apply(Float64Array.from(u));
      const out = new Float64Array(P + 1);
      let gu = 0;
      for (let i = 0; i < P; i++) {
        out[i] = Hu[i] + g[i] * t;
        gu += g[i] * u[i];
      }
      out[P] = gu - delta * t;
      return out;
    },
  };
}

export interface SfnStepResult {
  /** the loss on the Hessian batch before the step */
  loss: number;
  /** F's smallest Ritz value λ */
  lambda: number;
  /** ‖Δθ‖₂ of the step taken (after lr and the bound) */
  stepNorm: number;
  /** whether the step followed u alone (t ≈ 0) */
  alongCurvature: boolean;
  /** Hessian-vector products used */
  hvps: number;
}

/** The step Δθ (before lr) from F's smallest eigenpair, and what it came from. */
export async function sfnDirection(H: LinearOperator, g: Float64Array, options: { delta?: number; lanczosSteps?: number; maxStep?: number; seed?: number; step?: number } = {}): Promise<{ direction: Float64Array; lambda: number; alongCurvature: boolean }> {
  const P = H.size, delta = options.delta ?? 0, maxStep = options.maxStep ?? 1;
  if (!(delta >= 0)) throw new KanntkError(`sfn: delta must be ≥ 0, got ${delta}`);
  if (!(maxStep > 0)) throw new KanntkError(`sfn: maxStep must be > 0, got ${maxStep}`);
  const F = augmentedOperator(H, g, delta);
  const start = rademacher(createSeededRandom(options.seed ?? 0).fork('sfn', options.step ?? 0), P + 1);
  const run = await lanczos(F, { steps: Math.min(options.lanczosSteps ?? 100, P + 1), start, reorthogonalize: 'full' });
  const eig = tridiagonalEigen(run.alpha, run.beta, { components: 'all' });
  const m = run.steps, j = m - 1; // values descending: the last is the smallest
  const v = new Float64Array(P + 1);
  for (let i = 0; i < m; i++) {
    const c = eig.vectors![j * m + i];
    const b = run.basis![i];
    for (let k = 0; k <= P; k++) v[k] += c * b[k];
  }
  const u = v.subarray(0, P), t = v[P];
  let uNorm = 0, gu = 0;
  for (let i = 0; i < P; i++) {
    uNorm += u[i] * u[i];
    gu += g[i] * u[i];
  }
  uNorm = Math.sqrt(uNorm);
  let direction: Float64Array, alongCurvature = false;
  if (Math.abs(t) * maxStep <= 1e-12 * uNorm || uNorm === 0) {
    // the Newton-like step u/t would be unbounded: go along u, downhill, to the bound
    alongCurvature = true;
    const s = (gu > 0 ? -1 : 1) * (uNorm > 0 ? maxStep / uNorm : 0);
    direction = Float64Array.from(u, (x) => s * x);
  } else {
    direction = Float64Array.from(u, (x) => x / t);
  }
  let norm = 0;
  for (const x of direction) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > maxStep) for (let i = 0; i < P; i++) direction[i] *= maxStep / norm;
  return { direction, lambda: eig.values[j], alongCurvature };
}

/** One SFN update of `model` in place on the Hessian batch (x, y). */
export async function sfnStep(model: BoundModel, x: HostArray, y: HostArray, options: SfnOptions & { step?: number } = {}): Promise<SfnStepResult> {
  const lr = options.lr ?? 1;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new KanntkError(`sfn: lr must be a positive number, got ${lr}`);
  const H = hessianOperator(model, x, y, { loss: options.loss ?? 'mse' });
  try {
    const { loss, grad } = await H.gradient();
    const { direction, lambda, alongCurvature } = await sfnDirection(H, grad, options);
    const theta = await model.readFlatParams();
    let norm = 0;
    for (let i = 0; i < theta.length; i++) {
      theta[i] += lr * direction[i];
      norm += (lr * direction[i]) ** 2;
    }
    model.setFlatParams(theta);
    return { loss, lambda, stepNorm: Math.sqrt(norm), alongCurvature, hvps: H.applications };
  } finally {
    H.dispose();
  }
}

export interface SfnTrainOptions extends SfnOptions {
  steps: number;
  /** rows of the Hessian batch, drawn anew (seeded) every step (default: all rows) */
  hessianBatch?: number;
  onStep?: (step: number, result: SfnStepResult) => void;
}

/** `steps` SFN updates; returns the batch loss before each. */
export async function trainSfn(model: BoundModel, data: { x: HostArray; y: HostArray }, options: SfnTrainOptions): Promise<{ losses: number[]; results: SfnStepResult[] }> {
  const n = data.x.shape[0];
  const batch = options.hessianBatch ?? n;
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new KanntkError(`sfn: steps must be a whole number ≥ 0, got ${options.steps}`);
  if (!Number.isInteger(batch) || batch < 1 || batch > n) throw new KanntkError(`sfn: hessianBatch must be a whole number in [1, ${n}], got ${batch}`);
  const rng = createSeededRandom(options.seed ?? 0).fork('sfn-batches');
  const results: SfnStepResult[] = [];
  const yRows = (rows: number[]): HostArray => (data.y.shape.length === 1
    ? { shape: [rows.length], data: rows.map((r) => data.y.data[r]) }
    : rowsOf(data.y, rows));
  for (let s = 0; s < options.steps; s++) {
    const rows = batch === n ? null : rng.permutation(n).slice(0, batch);
    const x = rows ? rowsOf(data.x, rows) : data.x, y = rows ? yRows(rows) : data.y;
    const r = await sfnStep(model, x, y, { ...options, step: s });
    if (!Number.isFinite(r.loss)) throw new KanntkError(`sfn: the loss became ${r.loss} at step ${s}`);
    results.push(r);
    options.onStep?.(s + 1, r);
  }
  return { losses: results.map((r) => r.loss), results };
}

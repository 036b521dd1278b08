// The two Hessian fixtures (fixtures README §10) bound to a backend as HessianOperators.
import type { Backend } from '../../src/backend/backend.js';
import { KanModel } from '../../src/kan/model.js';
import { HessianOperator } from '../../src/hessian/hvp.js';
import { loadFixture } from '../helpers/fixtures.js';

export const kanTiny = loadFixture('hessian_kan_tiny.json');
export const mlp = loadFixture('hessian_mlp.json');

/** KAN [2,3,1] with MSE (76 parameters; the full Hessian is in the fixture). */
export function kanTinyOperator(backend: Backend): HessianOperator {
  return HessianOperator.create(KanModel.fromJSON(kanTiny.model).bind(backend), kanTiny.x, kanTiny.y, { loss: 'mse' });
}

/** MLP 8→16→3 with softmax cross-entropy on integer labels (195 parameters). */
export function mlpOperator(backend: Backend): HessianOperator {
  return HessianOperator.create(KanModel.fromJSON(mlp.model).bind(backend), mlp.x, mlp.labels, { loss: 'ce' });
}

/** Frees an operator and the model it was built on. */
export function release(op: HessianOperator): void {
  op.dispose();
  op.bound.dispose();
}

/** Row-major dense matrix times vector. */
export function matVec(a: ArrayLike<number>, n: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** max |x| */
export const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** max_i |a_i − b_i| / max_i |b_i| (fixtures README §12's "relative to max|·|"). */
export function relToMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / maxAbs(b);
}

// Adam with the exact update of optax.adam (bias correction, eps outside the square root):
//   m ← (1−b1)·g + b1·m,  v ← (1−b2)·g² + b2·v,  m̂ = m/(1−b1^t),  v̂ = v/(1−b2^t)
//   θ ← θ + (−lr)·m̂/(√(v̂ + eps_root) + eps)

import type { Tensor } from '../../graph/tensor.js';
import { add, div, mul } from '../../graph/ops/arithmetic.js';
import { full } from '../../graph/ops/create.js';
import { sqrt, square } from '../../graph/ops/unary.js';
import { keep, noGrad, tidy } from '../../graph/tape.js';
import { asSchedule, type Schedule } from '../schedules.js';
import type { Optimizer } from './optimizer.js';
import { KanntkError } from '../../errors.js';

export interface AdamOptions {
  lr?: number | Schedule;
  b1?: number;
  b2?: number;
  eps?: number;
  epsRoot?: number;
}

export function adam(options: AdamOptions = {}): Optimizer {
  const lr = asSchedule(options.lr ?? 1e-3);
  const b1 = options.b1 ?? 0.9, b2 = options.b2 ?? 0.999, eps = options.eps ?? 1e-8, epsRoot = options.epsRoot ?? 0;
  let m: Tensor[] | null = null, v: Tensor[] | null = null;
  let count = 0;
  return {
    name: 'adam',
    get count() {
      return count;
    },
    step(params, grads) {
      if (params.length !== grads.length) throw new KanntkError(`adam: ${params.length} parameters but ${grads.length} gradients`);
      const rate = lr(count);
      count++;
      const c1 = 1 - b1 ** count, c2 = 1 - b2 ** count;
      return noGrad(() => {
        const m0 = m ?? params.map((p) => full(p.backend, p.shape, 0));
        const v0 = v ?? params.map((p) => full(p.backend, p.shape, 0));
        const next = tidy(() => {
          const mNew = grads.map((g, i) => add(mul(g, 1 - b1), mul(m0[i], b1)));
          const vNew = grads.map((g, i) => add(mul(square(g), 1 - b2), mul(v0[i], b2)));
          const theta = params.map((p, i) => {
            const mHat = div(mNew[i], c1), vHat = div(vNew[i], c2);
            const update = div(mHat, add(sqrt(epsRoot ? add(vHat, epsRoot) : vHat), eps));
            return add(p, mul(update, -rate));
          });
          return { mNew, vNew, theta };
        });
        for (const t of [...m0, ...v0]) t.dispose();
        m = next.mNew.map(keep);
        v = next.vNew.map(keep);
        return next.theta;
      });
    },
    dispose() {
      for (const t of [...(m ?? []), ...(v ?? [])]) t.dispose();
      m = v = null;
    },
  };
}

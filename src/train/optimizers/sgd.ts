// SGD with optional (Nesterov) momentum, as optax.sgd:
//   trace ← g + μ·trace;  θ ← θ − lr·(nesterov ? g + μ·trace : trace)

import type { Tensor } from '../../graph/tensor.js';
import { add, mul } from '../../graph/ops/arithmetic.js';
import { keep, noGrad, tidy } from '../../graph/tape.js';
import { asSchedule, type Schedule } from '../schedules.js';
import type { Optimizer } from './optimizer.js';

export interface SgdOptions {
  lr?: number | Schedule;
  momentum?: number;
  nesterov?: boolean;
}

export function sgd(options: SgdOptions = {}): Optimizer {
  const lr = asSchedule(options.lr ?? 1e-2);
  const mu = options.momentum ?? 0;
  let trace: Tensor[] | null = null;
  let count = 0;
  return {
    name: 'sgd',
    get count() {
      return count;
    },
    step(params, grads) {
      const rate = lr(count);
      count++;
      return noGrad(() => {
        if (mu === 0) return tidy(() => params.map((p, i) => add(p, mul(grads[i], -rate))));
        const next = tidy(() => {
          // the first trace is a copy of g: the caller owns (and frees) the gradients
          const tr = grads.map((g, i) => (trace ? add(g, mul(trace[i], mu)) : mul(g, 1)));
          const theta = params.map((p, i) => add(p, mul(options.nesterov ? add(grads[i], mul(tr[i], mu)) : tr[i], -rate)));
          return { tr, theta };
        });
        for (const t of trace ?? []) t.dispose();
        trace = next.tr.map(keep);
        return next.theta;
      });
    },
    dispose() {
      for (const t of trace ?? []) t.dispose();
      trace = null;
    },
  };
}

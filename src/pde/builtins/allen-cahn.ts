// Allen–Cahn: r = u_t − D·u_xx − c·(u − u³) on t∈[0,1], x∈[−1,1];
// u(0,x) = x²·cos(πx), u(t,±1) = −1.

import { mul, sub, pow } from '../../graph/index.js';
import type { PdeDefinition } from '../pde-definition.js';

export function allenCahn(options: { D?: number; c?: number } = {}): PdeDefinition {
  const D = options.D ?? 1e-4, c = options.c ?? 5;
  return {
    name: 'allen-cahn',
    inputs: ['t', 'x'],
    domain: { t: [0, 1], x: [-1, 1] },
    derivatives: ['u_t', 'u_xx'],
    residual: ({ u, d }) => sub(sub(d.u_t, mul(d.u_xx, D)), mul(sub(u, pow(u, 3)), c)),
    boundaryValues(points, n) {
      return Float64Array.from({ length: n }, (_, i) => {
        const t = points[2 * i], x = points[2 * i + 1];
        return t === 0 && Math.abs(x) !== 1 ? x * x * Math.cos(Math.PI * x) : -1;
      });
    },
    boundary: { kind: 'initial-and-sides' },
    constants: { D, c },
  };
}

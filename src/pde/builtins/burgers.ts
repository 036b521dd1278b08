// Burgers: r = u_t + u·u_x − ν·u_xx on t∈[0,1], x∈[−1,1]; u(0,x) = −sin(πx), u(t,±1) = 0.

import { add, mul, sub } from '../../graph/index.js';
import type { PdeDefinition } from '../pde-definition.js';

export function burgers(options: { nu?: number } = {}): PdeDefinition {
  const nu = options.nu ?? 0.01 / Math.PI;
  return {
    name: 'burgers',
    inputs: ['t', 'x'],
    domain: { t: [0, 1], x: [-1, 1] },
    derivatives: ['u_t', 'u_x', 'u_xx'],
    residual: ({ u, d }) => sub(add(d.u_t, mul(u, d.u_x)), mul(d.u_xx, nu)),
    boundaryValues(points, n) {
      return Float64Array.from({ length: n }, (_, i) => {
        const t = points[2 * i], x = points[2 * i + 1];
        return t === 0 && Math.abs(x) !== 1 ? -Math.sin(Math.PI * x) : 0;
      });
    },
    boundary: { kind: 'initial-and-sides' },
    constants: { nu },
  };
}

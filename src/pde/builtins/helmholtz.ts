// Helmholtz on (x,y)∈[−1,1]²: r = u_xx + u_yy + k²·u − f,
// f = (k² − π²(a1² + a2²))·sin(πa1x)·sin(πa2y); exact u = sin(πa1x)·sin(πa2y).

import { add, mul, sin, sub } from '../../graph/index.js';
import type { PdeDefinition } from '../pde-definition.js';
import { helmholtzExact } from '../reference/helmholtz-exact.js';

export function helmholtz(options: { a1?: number; a2?: number; k?: number } = {}): PdeDefinition {
  const a1 = options.a1 ?? 1, a2 = options.a2 ?? 4, k = options.k ?? 1;
  const fScale = k * k - Math.PI * Math.PI * (a1 * a1 + a2 * a2);
  return {
    name: 'helmholtz',
    inputs: ['x', 'y'],
    domain: { x: [-1, 1], y: [-1, 1] },
    derivatives: ['u_xx', 'u_yy'],
    residual: ({ u, d, input }) => {
      const f = mul(mul(sin(mul(input('x'), Math.PI * a1)), sin(mul(input('y'), Math.PI * a2))), fScale);
      return sub(add(add(d.u_xx, d.u_yy), mul(u, k * k)), f);
    },
    boundaryValues(points, n) {
      // the exact solution gives the boundary data
      return Float64Array.from({ length: n }, (_, i) => helmholtzExact(points[2 * i], points[2 * i + 1], { a1, a2 }));
    },
    boundary: { kind: 'box' },
    constants: { a1, a2, k },
  };
}

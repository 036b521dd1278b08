// Helmholtz u_xx + u_yy + k²·u = f on [−1, 1]², f = (k² − π²(a1² + a2²))·sin(πa1x)·sin(πa2y),
// zero on the boundary for integer a1, a2: the manufactured solution is exact.

export interface HelmholtzOptions {
  /** wave numbers of the manufactured solution (defaults 1 and 4) */
  a1?: number;
  a2?: number;
  /** Helmholtz k (default 1) */
  k?: number;
}

export const HELMHOLTZ_DEFAULTS = { a1: 1, a2: 4, k: 1 } as const;

/** u(x, y) = sin(π·a1·x)·sin(π·a2·y) (k enters only the forcing). */
export function helmholtzExact(x: number, y: number, options: HelmholtzOptions = {}): number {
  const a1 = options.a1 ?? HELMHOLTZ_DEFAULTS.a1, a2 = options.a2 ?? HELMHOLTZ_DEFAULTS.a2;
  return Math.sin(Math.PI * a1 * x) * Math.sin(Math.PI * a2 * y);
}

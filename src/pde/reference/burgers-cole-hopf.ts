// Viscous Burgers u_t + u·u_x = ν·u_xx on x ∈ [−1, 1], u(0,x) = −sin(πx),
// u(t, ±1) = 0, by the Cole–Hopf representation (Basdevant et al. 1986):
//   u = −2ν·φ_x/φ with φ_t = ν·φ_xx, φ(0,x) ∝ exp(−cos(πx)/(2πν)), so
//   u(t,x) = −∫ sin(π(x−η))·F(x−η)·G(η) dη / ∫ F(x−η)·G(η) dη,
//   F(y) = exp(−cos(πy)/(2πν)),  G(η) = exp(−η²/(4νt)).
// The whole-line solution is odd about x = 0 and x = ±1, hence zero at ±1.
// Differentiating under the integral (F' = F·sin(πy)/(2ν)) gives the slope as
// moments of the normalised weight w ∝ F·G:  u_x = −π·⟨cos⟩ − Var(sin)/(2ν).
//
// Quadrature: composite Gauss–Legendre (16 points per panel) on |η| ≤ L. F varies
// by exp(1/(πν)) over a period, so L is chosen with L²/(4νt) ≥ 1/(πν) + 40: the
// tail weight is below e⁻⁴⁰ relative to the peak whatever F does. Panels are at
// most half the narrowest scale of the integrand, min(√(4νt), √(4ν/π)) (the width
// of G and of F's peak), so every peak, including the two that compete at the
// shock, is resolved. Exponents are shifted by their maximum before exp.

import { KanntkError } from '../../errors.js';
import { gaussLegendre } from '../../math/quadrature.js';

export interface BurgersOptions {
  /** viscosity ν (default 0.01/π) */
  nu?: number;
  /** panel refinement factor (default 1; 2 doubles the nodes, for convergence checks) */
  refinement?: number;
}

export const BURGERS_DEFAULTS = { nu: 0.01 / Math.PI, refinement: 1 } as const;

const ORDER = 16;

/** u and u_x at (t, x), t ≥ 0, by the Cole–Hopf integrals. */
export function burgersColeHopf(t: number, x: number, options: BurgersOptions = {}): { u: number; ux: number } {
  const nu = options.nu ?? BURGERS_DEFAULTS.nu;
  const refinement = options.refinement ?? BURGERS_DEFAULTS.refinement;
  if (!(nu > 0)) throw new KanntkError(`burgers: viscosity nu = ${nu} must be > 0`);
  if (!(refinement > 0)) throw new KanntkError(`burgers: refinement ${refinement} must be > 0`);
  if (!(t >= 0) || !Number.isFinite(x)) throw new KanntkError(`burgers: need t ≥ 0 and finite x (got t=${t}, x=${x})`);
  if (t === 0) return { u: -Math.sin(Math.PI * x), ux: -Math.PI * Math.cos(Math.PI * x) };

  const spread = Math.sqrt(4 * nu * t);
  const half = spread * Math.sqrt(1 / (Math.PI * nu) + 40);
  const width = 0.5 * Math.min(spread, Math.sqrt((4 * nu) / Math.PI));
  const panels = Math.max(4, Math.ceil((2 * half) / (width / refinement)));
  const h = (2 * half) / panels;
  const { nodes, weights } = gaussLegendre(ORDER);
  const count = panels * ORDER;
  const exponent = new Float64Array(count), sines = new Float64Array(count), cosines = new Float64Array(count);
  const qw = new Float64Array(count);
  const a = 1 / (2 * Math.PI * nu), b = 1 / (4 * nu * t);
  let top = -Infinity;
  for (let p = 0, i = 0; p < panels; p++) {
    const mid = -half + (p + 0.5) * h;
    for (let q = 0; q < ORDER; q++, i++) {
      const eta = mid + 0.5 * h * nodes[q];
      const y = Math.PI * (x - eta);
      const c = Math.cos(y);
      cosines[i] = c;
      sines[i] = Math.sin(y);
      qw[i] = weights[q];
      const e = -a * c - b * eta * eta;
      exponent[i] = e;
      if (e > top) top = e;
    }
  }
  let w0 = 0, ws = 0, wc = 0;
  for (let i = 0; i < count; i++) {
    const w = qw[i] * Math.exp(exponent[i] - top);
    w0 += w;
    ws += w * sines[i];
    wc += w * cosines[i];
  }
  const meanSin = ws / w0, meanCos = wc / w0;
  // Var(sin) = Σ w·(sin − ⟨sin⟩)², in the centred form to avoid cancellation at the shock
  let variance = 0;
  for (let i = 0; i < count; i++) {
    const d = sines[i] - meanSin;
    variance += qw[i] * Math.exp(exponent[i] - top) * d * d;
  }
  variance /= w0;
  return { u: -meanSin, ux: -Math.PI * meanCos - variance / (2 * nu) };
}

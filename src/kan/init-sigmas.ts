// The σ formulas of the initialisation schemes (fixtures README §6): pure
// functions of a layer's sizes and, for lecun / glorot / glorot_fine, the
// second moments of its basis values and x-derivatives. Notation as in ./init.ts.

import { KanntkError } from '../errors.js';
import { detPow } from '../math/det-math.js';
import { POWER_DEFAULTS, DEFAULT_SPLINE_SIGMA_B, TRUNCATED_NORMAL_STD_FACTOR, type PowerParams } from './init-schemes.js';

// ---------------------------------------------------------------------------
// σ formulas (pure; every input is explicit so the fixture can feed its own)

/** Moments the σ formulas read; only the ones a scheme uses need to be present. */
export interface InitExpectations {
  gain: number;
  E_B2?: number;
  E_dB2?: number;
  mu0?: ArrayLike<number>;
  mu1?: ArrayLike<number>;
  E_R2?: number;
  E_dR2?: number;
}

/** default: σ_b = 0.1 (splines) or 1/√(n_in·n_b) (Chebyshev, truncated normal, actual std 0.8796·σ_b); c_res ~ U(−L, L), L = √(6/(n_in+n_out)). */
export function defaultSigmas(basis: 'spline' | 'chebyshev', n_in: number, n_out: number, n_b: number, hasResidual: boolean) {
  checkSizes(n_in, n_out, n_b);
  const sigma_b = basis === 'chebyshev' ? 1 / Math.sqrt(n_in * n_b) : DEFAULT_SPLINE_SIGMA_B;
  return {
    sigma_b,
    /** the actual std of c_basis entries */
    std_c_basis: basis === 'chebyshev' ? TRUNCATED_NORMAL_STD_FACTOR * sigma_b : sigma_b,
    c_res_uniform_limit: hasResidual ? Math.sqrt(6 / (n_in + n_out)) : null,
    sigma_r: hasResidual ? Math.sqrt(2 / (n_in + n_out)) : null,
  };
}

/** power: T = n_b(+1); σ_b = const_b/(T^pow_b1·n_in^pow_b2), σ_r = const_r/(T^pow_r1·n_in^pow_r2). */
export function powerSigmas(params: Partial<PowerParams>, n_in: number, n_b: number, hasResidual: boolean) {
  checkSizes(n_in, 1, n_b);
  const p = { ...POWER_DEFAULTS };
  for (const key of Object.keys(POWER_DEFAULTS) as (keyof PowerParams)[]) {
    const v = params[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new KanntkError(`power scheme: ${key} must be a finite number, got ${String(v)}`);
    p[key] = v;
  }
  const basis_term = hasResidual ? n_b + 1 : n_b;
  const sigma_b = p.const_b / (detPow(basis_term, p.pow_b1) * detPow(n_in, p.pow_b2));
  const sigma_r = hasResidual ? p.const_r / (detPow(basis_term, p.pow_r1) * detPow(n_in, p.pow_r2)) : null;
  return { basis_term, sigma_b: checkSigma(sigma_b, 'sigma_b'), sigma_r: sigma_r === null ? null : checkSigma(sigma_r, 'sigma_r') };
}

/** lecun: S = n_in·(n_b(+1)); σ_b = gain/√(S·E[B²]), σ_r = gain/√(S·E[R²]). */
export function lecunSigmas(e: InitExpectations, n_in: number, n_b: number, hasResidual: boolean) {
  checkSizes(n_in, 1, n_b);
  const scale = n_in * (hasResidual ? n_b + 1 : n_b);
  const sigma_b = e.gain / Math.sqrt(scale * need(e.E_B2, 'E_B2'));
  const sigma_r = hasResidual ? e.gain / Math.sqrt(scale * need(e.E_R2, 'E_R2')) : null;
  return { scale, sigma_b: checkSigma(sigma_b, 'sigma_b'), sigma_r: sigma_r === null ? null : checkSigma(sigma_r, 'sigma_r') };
}

/** glorot: S_in = n_in·(n_b(+1)), S_out = n_out·(n_b(+1)); σ = gain·√(2/(S_in·E[·²] + S_out·E[·'²])) for the basis and the residual. */
export function glorotSigmas(e: InitExpectations, n_in: number, n_out: number, n_b: number, hasResidual: boolean) {
  checkSizes(n_in, n_out, n_b);
  const terms = hasResidual ? n_b + 1 : n_b;
  const scale_in = n_in * terms;
  const scale_out = n_out * terms;
  const sigma_b = e.gain * Math.sqrt(2 / (scale_in * need(e.E_B2, 'E_B2') + scale_out * need(e.E_dB2, 'E_dB2')));
  const sigma_r = hasResidual ? glorotResidualSigma(e, scale_in, scale_out) : null;
  return { scale_in, scale_out, sigma_b: checkSigma(sigma_b, 'sigma_b'), sigma_r };
}

/** glorot_fine: σ_b[m] = gain·√(1/(S_in·μ0[m] + S_out·μ1[m])) — numerator 1, where glorot has 2; σ_r as in glorot. */
export function glorotFineSigmas(e: InitExpectations, n_in: number, n_out: number, hasResidual: boolean) {
  const mu0 = need(e.mu0, 'mu0');
  const mu1 = need(e.mu1, 'mu1');
  const n_b = mu0.length;
  checkSizes(n_in, n_out, n_b);
  if (mu1.length !== n_b) throw new KanntkError(`glorot_fine: mu0 has ${n_b} entries but mu1 has ${mu1.length}`);
  const terms = hasResidual ? n_b + 1 : n_b;
  const scale_in = n_in * terms;
  const scale_out = n_out * terms;
  const sigma_b_vec = new Float64Array(n_b);
  for (let m = 0; m < n_b; m++) sigma_b_vec[m] = checkSigma(e.gain * Math.sqrt(1 / (scale_in * mu0[m] + scale_out * mu1[m])), `sigma_b[${m}]`);
  const sigma_r = hasResidual ? glorotResidualSigma(e, scale_in, scale_out) : null;
  return { scale_in, scale_out, sigma_b_vec, sigma_r };
}

function glorotResidualSigma(e: InitExpectations, scale_in: number, scale_out: number): number {
  return checkSigma(e.gain * Math.sqrt(2 / (scale_in * need(e.E_R2, 'E_R2') + scale_out * need(e.E_dR2, 'E_dR2'))), 'sigma_r');
}

export function need<T>(v: T | undefined, name: string): T {
  if (v === undefined || v === null) throw new KanntkError(`init expectations: ${name} is missing`);
  return v;
}

export function checkSigma(s: number, name: string): number {
  if (!Number.isFinite(s) || s < 0) throw new KanntkError(`init: ${name} came out as ${s}; check the scheme's constants and the expectations`);
  return s;
}

export function checkSizes(n_in: number, n_out: number, n_b: number): void {
  for (const [name, v] of [['n_in', n_in], ['n_out', n_out], ['n_basis', n_b]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new KanntkError(`init: ${name} must be a positive integer, got ${String(v)}`);
  }
}

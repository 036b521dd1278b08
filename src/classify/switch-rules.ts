// When the hybrid classifier leaves SGD for the NTK-guided phase. Rules are
// checked after each SGD epoch e (1-based):
//   fixed:E        switch when e ≥ E
//   param-norm:K:T m_e = ‖θ_e − θ_{e−K}‖₂ from e ≥ K; switch when m_e < T
//   ntk-norm:K:T   d_e = ‖K_e − K_0‖_F on a monitor set (K summed over classes,
//                  d_0 = 0), m_e = |d_e − d_{e−K}| from e ≥ K; switch when m_e < T
//   scout:E        never switch; run E epochs and record m_e (param-norm's, with
//                  K = 1, and ntk-norm's when a monitor set is given) to choose T
// A run that reaches its SGD epoch limit without switching is flagged, not failed.

import { KanntkError } from '../errors.js';
import { isDecimal } from '../math/decimal.js';

export type SwitchRule =
  | { kind: 'fixed'; epoch: number }
  | { kind: 'param-norm'; window: number; threshold: number }
  | { kind: 'ntk-norm'; window: number; threshold: number }
  | { kind: 'scout'; epochs: number };

const positiveInt = (s: string, what: string, spec: string) => {
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new KanntkError(`--switch ${spec}: ${what} must be a whole number ≥ 1, got '${s}'`);
  return Number(s);
};
const positiveNumber = (s: string, what: string, spec: string) => {
  const v = Number(s);
  if (!isDecimal(s) || !(v > 0) || !Number.isFinite(v)) throw new KanntkError(`--switch ${spec}: ${what} must be a positive number, got '${s}'`);
  return v;
};

/** Parses 'fixed:E', 'param-norm:K:T', 'ntk-norm:K:T' or 'scout:E'. */
export function parseSwitchRule(spec: string): SwitchRule {
  const [kind, ...args] = spec.split(':');
  const want = (n: number, form: string) => {
    if (args.length !== n) throw new KanntkError(`--switch: '${spec}' should read ${form}`);
  };
  switch (kind) {
    case 'fixed':
      want(1, 'fixed:E');
      return { kind, epoch: positiveInt(args[0], 'E', spec) };
    case 'scout':
      want(1, 'scout:E');
      return { kind, epochs: positiveInt(args[0], 'E', spec) };
    case 'param-norm':
    case 'ntk-norm':
      want(2, `${kind}:K:T`);
      return { kind, window: positiveInt(args[0], 'K', spec), threshold: positiveNumber(args[1], 'T', spec) };
    default:
      throw new KanntkError(`--switch: unknown rule '${kind}' (expected fixed:E, param-norm:K:T, ntk-norm:K:T or scout:E)`);
  }
}

/**
 * The monitor m_e of a windowed rule from the history of a quantity: for param-norm the
 * parameter vectors θ_0…θ_e (m_e = ‖θ_e − θ_{e−K}‖₂), for ntk-norm the distances d_0…d_e
 * (m_e = |d_e − d_{e−K}|); null while e < K.
 */
export function windowMonitor(kind: 'param-norm' | 'ntk-norm', history: readonly (Float64Array | number)[], window: number): number | null {
  const e = history.length - 1;
  if (e < window) return null;
  const now = history[e], then = history[e - window];
  if (kind === 'ntk-norm') return Math.abs((now as number) - (then as number));
  const a = now as Float64Array, b = then as Float64Array;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** ‖A − B‖_F of two kernels of one size. */
export function frobeniusDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new KanntkError(`frobeniusDistance: ${a.length} against ${b.length} entries`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** Whether the rule switches after epoch e (1-based) given its monitor value m_e (null before the window fills). */
export function shouldSwitch(rule: SwitchRule, epoch: number, monitor: number | null): boolean {
  switch (rule.kind) {
    case 'fixed':
      return epoch >= rule.epoch;
    case 'scout':
      return false;
    default:
      return monitor !== null && monitor < rule.threshold;
  }
}

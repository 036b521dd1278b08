// The fused KAN contraction as graph ops: three modes of one trilinear form
//   T = Σ a[n,o]·s[n,i]·W[o,i,m]·B_{o,i,m}(x[n,i])
// (kernels.ts, KernelBasisContract). The VJP of every mode is made of the
// other modes, with the basis derivative order raised by one for x, so any
// order of differentiation stays inside this family of fused kernels.

import { KanntkError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { backendOf, noPerSample, recordGrad, runKernels } from './op.js';
import { mul } from './arithmetic.js';
import { reshape } from './layout.js';
import { basisValues, basisIsPerEdge } from './basis-values.js';
import type { ContractBasis } from './contract-basis.js';

export type { ContractBasis } from './contract-basis.js';

const raise = (b: ContractBasis): ContractBasis => ({ ...b, deriv: b.deriv + 1 });

function tableOf(b: ContractBasis): Tensor {
  return b.kind === 'bspline' ? b.knots : b.table(b.deriv);
}

function basisCount(b: ContractBasis): number {
  return b.kind === 'bspline' ? b.knots.shape[1] - b.k - 1 : b.nBasis;
}

interface Dims {
  nPoints: number;
  nIn: number;
  nOut: number;
  nBasis: number;
}

function run(mode: 'y' | 's' | 'w', x: Tensor, basis: ContractBasis, dims: Dims, w: Tensor | null, a: Tensor | null, s: Tensor | null): Tensor {
  const table = tableOf(basis);
  const inputs = [x, table, w, a, s].filter((t): t is Tensor => t !== null);
  const backend = backendOf('basisContract', inputs);
  const shape = mode === 'y' ? [dims.nPoints, dims.nOut] : mode === 's' ? [dims.nPoints, dims.nIn] : [dims.nOut, dims.nIn, dims.nBasis];
  return runKernels(backend, `basisContract:${mode}`, shape, (out) => ({
    kind: 'basisContract', mode, basis: basis.kind,
    x: x.buffer, table: table.buffer, w: w?.buffer ?? null, a: a?.buffer ?? null, s: s?.buffer ?? null, out,
    ...dims, nTable: table.shape[1],
    k: basis.kind === 'bspline' ? basis.k : 0,
    deriv: basis.deriv,
    gridPerEdge: basis.kind === 'bspline' && basis.perEdge,
  }));
}

function checkDims(op: string, x: Tensor, basis: ContractBasis, nOut: number): Dims {
  if (x.rank !== 2) throw new KanntkError(`${op}: x must be [N, nIn], got [${x.shape}]`);
  const [nPoints, nIn] = x.shape;
  const nBasis = basisCount(basis);
  if (basis.kind === 'bspline') {
    const rows = basis.perEdge ? nOut * nIn : nIn;
    if (basis.knots.rank !== 2 || basis.knots.shape[0] !== rows) {
      throw new KanntkError(`${op}: knots must be [${rows}, nKnots] for ${basis.perEdge ? 'per-edge' : 'per-input'} rows, got [${basis.knots.shape}]`);
    }
    if (nBasis < 1) throw new KanntkError(`${op}: ${basis.knots.shape[1]} knots are too few for order k=${basis.k}`);
  }
  return { nPoints, nIn, nOut, nBasis };
}

function expectShape(op: string, name: string, t: Tensor | null, shape: number[]): void {
  if (t && (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i]))) {
    throw new KanntkError(`${op}: ${name} must be [${shape}], got [${t.shape}]`);
  }
}

/** Multiplies by s where s is given (s = null stands for ones). */
const scaleBy = (t: Tensor, s: Tensor | null) => (s ? mul(t, s) : t);

/** Per-sample gradient of W: [N, nOut, nIn, nB] with entries a[n,o]·s[n,i]·B_{o,i,m}(x[n,i]). */
function perSampleW(x: Tensor, a: Tensor, s: Tensor | null, basis: ContractBasis, dims: Dims): Tensor {
  const { nPoints: n, nIn, nOut } = dims;
  const B = basisIsPerEdge(basis) ? basisValues(x, basis, nOut) : reshape(basisValues(x, basis), [n, 1, nIn, dims.nBasis]);
  const weighted = s ? mul(B, reshape(s, [n, 1, nIn, 1])) : B;
  return mul(weighted, reshape(a, [n, nOut, 1, 1]));
}

/** y[n,o] = Σ_i s[n,i]·Σ_m W[o,i,m]·B_{o,i,m}(x[n,i]); W: [nOut, nIn, nB], s: [N, nIn] or null. */
export function contractY(x: Tensor, W: Tensor, s: Tensor | null, basis: ContractBasis): Tensor {
  const dims = checkDims('contractY', x, basis, W.shape[0]);
  expectShape('contractY', 'W', W, [dims.nOut, dims.nIn, dims.nBasis]);
  expectShape('contractY', 's', s, [dims.nPoints, dims.nIn]);
  const out = run('y', x, basis, dims, W, null, s);
  const parents = s ? [x, W, s] : [x, W];
  return recordGrad(out, 'contractY', parents, (g, ps, need) => {
    noPerSample('contractY (x or s)', [ps[0], ps[2] ?? false]);
    const gx = need[0] ? scaleBy(contractS(x, W, g, raise(basis)), s) : null;
    const gW = !need[1] ? null : ps[1] ? perSampleW(x, g, s, basis, dims) : contractW(x, g, s, basis, dims.nBasis);
    return s ? [gx, gW, need[2] ? contractS(x, W, g, basis) : null] : [gx, gW];
  });
}

/** s[n,i] = Σ_o a[n,o]·Σ_m W[o,i,m]·B_{o,i,m}(x[n,i]); a: [N, nOut]. */
export function contractS(x: Tensor, W: Tensor, a: Tensor, basis: ContractBasis): Tensor {
  const dims = checkDims('contractS', x, basis, W.shape[0]);
  expectShape('contractS', 'W', W, [dims.nOut, dims.nIn, dims.nBasis]);
  expectShape('contractS', 'a', a, [dims.nPoints, dims.nOut]);
  const out = run('s', x, basis, dims, W, a, null);
  return recordGrad(out, 'contractS', [x, W, a], (h, ps, need) => {
    noPerSample('contractS (x or a)', [ps[0], ps[2]]);
    const gx = need[0] ? mul(h, contractS(x, W, a, raise(basis))) : null;
    const gW = !need[1] ? null : ps[1] ? perSampleW(x, a, h, basis, dims) : contractW(x, a, h, basis, dims.nBasis);
    return [gx, gW, need[2] ? contractY(x, W, h, basis) : null];
  });
}

/** W[o,i,m] = Σ_n a[n,o]·s[n,i]·B_{o,i,m}(x[n,i]); the gradient of contractY with respect to W. */
export function contractW(x: Tensor, a: Tensor, s: Tensor | null, basis: ContractBasis, nBasis = basisCount(basis)): Tensor {
  const nOut = a.shape[1];
  const dims = checkDims('contractW', x, basis, nOut);
  if (dims.nBasis !== nBasis) throw new KanntkError(`contractW: basis has ${dims.nBasis} functions, expected ${nBasis}`);
  expectShape('contractW', 'a', a, [dims.nPoints, nOut]);
  expectShape('contractW', 's', s, [dims.nPoints, dims.nIn]);
  const out = run('w', x, basis, dims, null, a, s);
  const parents = s ? [x, a, s] : [x, a];
  return recordGrad(out, 'contractW', parents, (q, ps, need) => {
    noPerSample('contractW', ps);
    const gx = need[0] ? scaleBy(contractS(x, q, a, raise(basis)), s) : null;
    const ga = need[1] ? contractY(x, q, s, basis) : null;
    return s ? [gx, ga, need[2] ? contractS(x, q, a, basis) : null] : [gx, ga];
  });
}

// The compiled forms of each kernel: one ShaderVariant per (kernel kind, function,
// layout). Its key names the pipeline; dimensions never enter it (they go in the
// uniform buffer), so the whole set is small and is compiled up front.

import unarySource from '../../../shaders/unary.wgsl';
import binarySource from '../../../shaders/binary.wgsl';
import reduceSource from '../../../shaders/reduce.wgsl';
import matmulSource from '../../../shaders/matmul.wgsl';
import copySource from '../../../shaders/copy.wgsl';
import gatherSource from '../../../shaders/gather.wgsl';
import scatterAddSource from '../../../shaders/scatter_add.wgsl';
import bsplineSource from '../../../shaders/bspline.wgsl';
import fillSource from '../../../shaders/fill.wgsl';
import basisContractSource from '../../../shaders/basis_contract.wgsl';
import jacobiSource from '../../../shaders/jacobi.wgsl';
import { UNARY_FNS, BINARY_FNS, REDUCE_FNS } from '../kernels.js';
import type { UnaryFn, BinaryFn, ReduceFn, KernelBasisContract } from '../kernels.js';
import type { ShaderDefines } from './shader-template.js';
import { SHADER_SNIPPETS } from './shader-snippets.js';

/** Invocations per workgroup of the element-wise kernels and of a cooperative reduction. */
export const WORKGROUP_SIZE = 64;

/** Side of the square output tile one matmul workgroup computes (TILE² invocations). */
export const MATMUL_TILE = 16;

/**
 * Most knots per input row the B-spline kernel accepts: each invocation keeps the
 * whole Cox–de Boor recursion in a private array of this length (G + 2k + 1 ≤ 64,
 * e.g. G ≤ 57 for k = 3).
 */
export const MAX_BSPLINE_KNOTS = 64;

/**
 * Largest B-spline degree of the basisContract kernel: each invocation keeps the k+1
 * non-zero basis functions and the 2k+2 knots around the point in private arrays.
 */
export const MAX_BASIS_CONTRACT_DEGREE = 7;

/**
 * Most basis functions per edge (nBasis) and most table columns (nTable) of the
 * basisContract kernel: mode 'w' accumulates one private sum per basis function, and
 * 'tanhPoly' keeps all nBasis values of a point in a private array of this length.
 * For 'bspline', nTable ≤ MAX_BSPLINE_KNOTS (= this) implies nBasis < it.
 */
export const MAX_BASIS_CONTRACT_VALUES = MAX_BSPLINE_KNOTS;

/** Outputs o one mode-'y' invocation of basisContract computes (sharing each point's basis values when knot rows are per input). */
export const BASIS_CONTRACT_O_BLOCK = 8;

/** Basis functions combined per round of the workgroup reduction of basisContract mode 'w'. */
export const BASIS_CONTRACT_W_CHUNK = 16;

/** Floats of workgroup memory for one chunk of points' basis values in basisContract mode 'w' (8 KiB). */
export const BASIS_CONTRACT_SHARED_VALUES = 2048;

/**
 * Largest n of jacobiSweeps: the shaders index the n×n matrices with u32 and pack a
 * pair's two indices (≤ n, the dummy) into one u32, 16 bits each.
 */
export const MAX_JACOBI_N = 65535;

/**
 * Pairs (blocks of a in one row pair, or pairs of one row of v) one jacobi:rotate
 * invocation handles, in a loop. Fewer, longer invocations are much faster on
 * SwiftShader (n = 256: 1.7 ms per round at 64, 5.8 ms at 1) and still leave
 * n·⌈n/128⌉·1.5 invocations per round for a GPU.
 */
export const JACOBI_PAIRS_PER_INVOCATION = 64;

export const BASIS_CONTRACT_MODES = ['y', 's', 'w'] as const;
export const BASIS_CONTRACT_BASES = ['bspline', 'tanhPoly'] as const;

export interface ShaderVariant {
  /** Pipeline cache key, e.g. "unary:exp". */
  readonly key: string;
  /** The .wgsl template text. */
  readonly source: string;
  /** The variant's defines, with WORKGROUP_SIZE and the shared snippets (SHADER_SNIPPETS). */
  readonly defines: ShaderDefines;
  /** Read-only storage bindings before the output bindings. */
  readonly inputCount: number;
  /** Read-write storage bindings after the inputs (1 for all but jacobi:rotate). */
  readonly outputCount: number;
}

const variants = new Map<string, ShaderVariant>();

function variant(key: string, source: string, inputCount: number, defines: ShaderDefines, outputCount = 1): ShaderVariant {
  let found = variants.get(key);
  if (!found) {
    found = { key, source, inputCount, outputCount, defines: { WORKGROUP_SIZE, ...SHADER_SNIPPETS, ...defines } };
    variants.set(key, found);
  }
  return found;
}

/** FN_<NAME> = true for the chosen function, false for the others. */
function fnFlags(all: readonly string[], chosen: string): Record<string, boolean> {
  return Object.fromEntries(all.map((fn) => [`FN_${fn.toUpperCase()}`, fn === chosen]));
}

export const unaryVariant = (fn: UnaryFn) => variant(`unary:${fn}`, unarySource, 1, fnFlags(UNARY_FNS, fn));
export const binaryVariant = (fn: BinaryFn) => variant(`binary:${fn}`, binarySource, 2, fnFlags(BINARY_FNS, fn));
export const reduceVariant = (fn: ReduceFn, cooperative: boolean) =>
  variant(`reduce:${fn}:${cooperative ? 'workgroup' : 'thread'}`, reduceSource, 1, {
    ...fnFlags(REDUCE_FNS, fn),
    COOPERATIVE: cooperative,
  });
export const matmulVariant = () => variant('matmul', matmulSource, 2, { TILE: MATMUL_TILE });
export const copyVariant = () => variant('copy', copySource, 1, {});
export const gatherVariant = () => variant('gather', gatherSource, 2, {});
export const scatterAddVariant = () => variant('scatterAdd', scatterAddSource, 2, {});
export const bsplineVariant = () => variant('bspline', bsplineSource, 2, { MAX_KNOTS: MAX_BSPLINE_KNOTS });
export const fillVariant = () => variant('fill', fillSource, 0, {});
/** jacobiSweeps, step 1 of a round: binds a (input), the (c, s) scratch (output). */
export const jacobiAnglesVariant = () => variant('jacobi:angles', jacobiSource, 1, { ANGLES: true });
/** jacobiSweeps, step 2 of a round: binds the (c, s) scratch (input), then a and v (both outputs, in place). */
export const jacobiRotateVariant = () => variant('jacobi:rotate', jacobiSource, 1, { ANGLES: false }, 2);
/**
 * Inputs bound, in order: x, table, then w and s (mode 'y'), w and a ('s'), a and s ('w').
 * Mode 'w' has two layouts: `sharedBasis` (one basis per input, computed once per point
 * for a tile of outputs, in workgroup memory) unless B-spline knot rows are per edge;
 * `sharedBasis` is ignored in the other modes.
 */
export const basisContractVariant = (
  mode: KernelBasisContract['mode'], basis: KernelBasisContract['basis'], sharedBasis: boolean,
) => {
  const layout = mode !== 'w' ? '' : sharedBasis ? ':shared' : ':edge';
  return variant(`basisContract:${mode}:${basis}${layout}`, basisContractSource, 4, {
    MODE_Y: mode === 'y',
    MODE_S: mode === 's',
    W_SHARED: mode === 'w' && sharedBasis,
    USES_W: mode !== 'w',
    BASIS_BSPLINE: basis === 'bspline',
    MAX_VALUES: MAX_BASIS_CONTRACT_VALUES,
    MAX_K: MAX_BASIS_CONTRACT_DEGREE,
    O_BLOCK: BASIS_CONTRACT_O_BLOCK,
    W_CHUNK: BASIS_CONTRACT_W_CHUNK,
    SHARED_VALUES: BASIS_CONTRACT_SHARED_VALUES,
  });
};

/** The basisContract variants: modes 'y' and 's' per basis, mode 'w' per basis and layout (tanhPoly is always shared). */
function basisContractVariants(): ShaderVariant[] {
  return [
    ...(['y', 's'] as const).flatMap((mode) => BASIS_CONTRACT_BASES.map((basis) => basisContractVariant(mode, basis, false))),
    basisContractVariant('w', 'bspline', true),
    basisContractVariant('w', 'bspline', false),
    basisContractVariant('w', 'tanhPoly', true),
  ];
}

/** Every variant a kernel call can need, for compiling them all at start-up. */
export function allShaderVariants(): ShaderVariant[] {
  return [
    ...UNARY_FNS.map(unaryVariant),
    ...BINARY_FNS.map(binaryVariant),
    ...REDUCE_FNS.flatMap((fn) => [reduceVariant(fn, false), reduceVariant(fn, true)]),
    matmulVariant(),
    copyVariant(),
    gatherVariant(),
    scatterAddVariant(),
    bsplineVariant(),
    ...basisContractVariants(),
    jacobiAnglesVariant(),
    jacobiRotateVariant(),
    fillVariant(),
  ];
}

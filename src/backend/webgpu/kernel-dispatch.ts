// Turns a kernel call into what one GPU dispatch needs: the shader variant, the
// buffers to bind (inputs read-only, then the output), the packed Params uniform
// and the number of workgroups. jacobiSweeps is the one call run as a sequence of
// dispatches (planJacobiSweeps). Assumes the call passed validateCall.

import type { DeviceBuffer } from '../buffer.js';
import { contiguousStrides, sizeOf } from '../kernels.js';
import type { KernelCall, KernelReduce, KernelBasisContract, KernelJacobiSweeps } from '../kernels.js';
import { UniformWriter } from './uniform-writer.js';
import {
  WORKGROUP_SIZE, MATMUL_TILE,
  unaryVariant, binaryVariant, reduceVariant, matmulVariant, copyVariant,
  gatherVariant, scatterAddVariant, bsplineVariant, fillVariant,
  basisContractVariant, BASIS_CONTRACT_O_BLOCK, jacobiAnglesVariant, jacobiRotateVariant, JACOBI_PAIRS_PER_INVOCATION,
} from './shader-variants.js';
import type { ShaderVariant } from './shader-variants.js';

export interface KernelDispatch {
  variant: ShaderVariant;
  inputs: DeviceBuffer[];
  output: DeviceBuffer;
  /** Bytes of the Params uniform. */
  uniforms: ArrayBuffer;
  /** Workgroups to launch (0: nothing to do). */
  workgroups: number;
}

const QUIET_NAN_BITS = 0x7fc00000;

/** Reductions at least this long, with few enough outputs, use one workgroup per output. */
const COOPERATIVE_MIN_REDUCE = 4 * WORKGROUP_SIZE;
const COOPERATIVE_MAX_OUTPUTS = 1 << 14;

const groupsFor = (invocations: number) => Math.ceil(invocations / WORKGROUP_SIZE);

/** The calls that run as one dispatch (all but jacobiSweeps). */
export type SingleDispatchCall = Exclude<KernelCall, KernelJacobiSweeps | { kind: 'tridiagonalize' | 'householderApply' }>;

/** Plans the dispatch of one validated kernel call. */
export function planDispatch(call: SingleDispatchCall): KernelDispatch {
  switch (call.kind) {
    case 'unary':
      return {
        variant: unaryVariant(call.fn),
        inputs: [call.x],
        output: call.out,
        uniforms: new UniformWriter().u32(call.n).i32(call.fn === 'powi' ? call.param : 0).finish(),
        workgroups: groupsFor(call.n),
      };
    case 'binary': {
      const n = sizeOf(call.outShape);
      return {
        variant: binaryVariant(call.fn),
        inputs: [call.a, call.b],
        output: call.out,
        uniforms: new UniformWriter()
          .u32(n).u32(call.outShape.length)
          .packed8(call.outShape, false).packed8(call.aStrides, true).packed8(call.bStrides, true)
          .finish(),
        workgroups: groupsFor(n),
      };
    }
    case 'reduce':
      return planReduce(call);
    case 'matmul': {
      const tilesM = Math.ceil(call.m / MATMUL_TILE);
      const tilesN = Math.ceil(call.n / MATMUL_TILE);
      return {
        variant: matmulVariant(),
        inputs: [call.a, call.b],
        output: call.out,
        uniforms: new UniformWriter()
          .u32(call.batch).u32(call.m).u32(call.k).u32(call.n).u32(tilesM).u32(tilesN)
          .vec4(call.aStrides, true).vec4(call.bStrides, true)
          .finish(),
        workgroups: call.batch * tilesM * tilesN,
      };
    }
    case 'copy': {
      const n = sizeOf(call.shape);
      return {
        variant: copyVariant(),
        inputs: [call.x],
        output: call.out,
        uniforms: new UniformWriter()
          .u32(n).u32(call.shape.length).i32(call.xOffset).i32(call.outOffset)
          .packed8(call.shape, false).packed8(call.xStrides, true).packed8(call.outStrides, true)
          .finish(),
        workgroups: groupsFor(n),
      };
    }
    case 'gather': {
      const n = call.outer * call.nIdx * call.inner;
      return {
        variant: gatherVariant(),
        inputs: [call.x, call.idx],
        output: call.out,
        uniforms: new UniformWriter()
          .u32(call.outer).u32(call.axisLen).u32(call.inner).u32(call.nIdx).u32(n).u32(QUIET_NAN_BITS)
          .finish(),
        workgroups: groupsFor(n),
      };
    }
    case 'scatterAdd': {
      const n = call.outer * call.axisLen * call.inner;
      return {
        variant: scatterAddVariant(),
        inputs: [call.g, call.idx],
        output: call.out,
        uniforms: new UniformWriter().u32(call.outer).u32(call.axisLen).u32(call.inner).u32(call.nIdx).u32(n).finish(),
        workgroups: groupsFor(n),
      };
    }
    case 'bspline': {
      const n = call.nPoints * call.nIn;
      return {
        variant: bsplineVariant(),
        inputs: [call.x, call.grid],
        output: call.out,
        uniforms: new UniformWriter()
          .u32(call.nPoints).u32(call.nIn).u32(call.nKnots).u32(call.k).u32(call.deriv).u32(n)
          .finish(),
        workgroups: groupsFor(n),
      };
    }
    case 'basisContract':
      return planBasisContract(call);
    case 'fill':
      return {
        variant: fillVariant(),
        inputs: [],
        output: call.out,
        uniforms: new UniformWriter().u32(call.n).f32(call.value).finish(),
        workgroups: groupsFor(call.n),
      };
  }
}

/** Splits the input axes into kept (indexing the output) and reduced ones, with their input strides. */
function planReduce(call: KernelReduce): KernelDispatch {
  const inStrides = contiguousStrides(call.inShape);
  const kept = { shape: [] as number[], strides: [] as number[] };
  const reduced = { shape: [] as number[], strides: [] as number[] };
  call.inShape.forEach((extent, d) => {
    const side = call.reduceAxes[d] ? reduced : kept;
    side.shape.push(extent);
    side.strides.push(inStrides[d]);
  });
  const nOut = sizeOf(kept.shape);
  const nReduce = sizeOf(reduced.shape);
  const cooperative = nReduce >= COOPERATIVE_MIN_REDUCE && nOut <= COOPERATIVE_MAX_OUTPUTS;
  return {
    variant: reduceVariant(call.fn, cooperative),
    inputs: [call.x],
    output: call.out,
    uniforms: new UniformWriter()
      .u32(nOut).u32(nReduce).u32(kept.shape.length).u32(reduced.shape.length)
      .packed8(kept.shape, false).packed8(kept.strides, false)
      .packed8(reduced.shape, false).packed8(reduced.strides, false)
      .finish(),
    workgroups: cooperative ? nOut : groupsFor(nOut),
  };
}

/**
 * basisContract binds x, table and the two other operands of its mode; a null `s`
 * is replaced by x (never read: hasS = 0 in the uniform), so no dummy buffer is needed.
 * Work: mode 'y' one invocation per (point, block of BASIS_CONTRACT_O_BLOCK outputs);
 * 's' one per (point, input); 'w' one workgroup per (input, tile of oTile outputs) when
 * the outputs share one basis per input (per-input knot rows, or tanhPoly), else one
 * workgroup per edge (o, i).
 */
function planBasisContract(call: KernelBasisContract): KernelDispatch {
  const s = call.s ?? call.x;
  const perEdge = call.basis === 'bspline' && call.gridPerEdge;
  const nOBlocks = Math.ceil(call.nOut / BASIS_CONTRACT_O_BLOCK);
  // the smallest power of two ≥ nOut, at most WORKGROUP_SIZE (so it divides it)
  const oTile = Math.min(WORKGROUP_SIZE, 2 ** Math.ceil(Math.log2(Math.max(1, call.nOut))));
  let inputs: DeviceBuffer[];
  let nWork: number;
  let workgroups: number;
  switch (call.mode) {
    case 'y':
      inputs = [call.x, call.table, call.w!, s];
      nWork = call.nPoints * nOBlocks;
      workgroups = groupsFor(nWork);
      break;
    case 's':
      inputs = [call.x, call.table, call.w!, call.a!];
      nWork = call.nPoints * call.nIn;
      workgroups = groupsFor(nWork);
      break;
    case 'w':
      inputs = [call.x, call.table, call.a!, s];
      nWork = perEdge ? call.nOut * call.nIn : call.nIn * Math.ceil(call.nOut / oTile);
      workgroups = call.nBasis > 0 ? nWork : 0;
      break;
  }
  return {
    variant: basisContractVariant(call.mode, call.basis, !perEdge),
    inputs,
    output: call.out,
    uniforms: new UniformWriter()
      .u32(call.nPoints).u32(call.nIn).u32(call.nOut).u32(call.nBasis).u32(call.nTable)
      .u32(call.basis === 'bspline' ? call.k : 0).u32(call.basis === 'bspline' ? call.deriv : 0)
      .u32(perEdge ? 1 : 0).u32(call.s ? 1 : 0)
      .u32(nWork).u32(nOBlocks).u32(oTile)
      .finish(),
    workgroups,
  };
}

/** Stands for the sequence's scratch buffer among the buffers of a step. */
export const SCRATCH = 'scratch';

/** One dispatch of a KernelSequence. */
export interface SequenceStep {
  variant: ShaderVariant;
  inputs: Array<DeviceBuffer | typeof SCRATCH>;
  outputs: Array<DeviceBuffer | typeof SCRATCH>;
  /**
   * Bytes of the Params uniform. Consecutive steps given the same ArrayBuffer object
   * share one uniform buffer (written once).
   */
  uniforms: ArrayBuffer;
  /** Workgroups to launch (≥ 1). */
  workgroups: number;
}

/** A call run as dispatches in order, all recorded into the command batch (no read-back in between). */
export interface KernelSequence {
  /** f32 elements of the scratch buffer the steps share (0: none). */
  scratchLength: number;
  /** The dispatches, produced lazily. */
  steps: Iterable<SequenceStep>;
}

/**
 * jacobiSweeps as 2 dispatches per round (sweeps·(m − 1) rounds, m = n rounded up to
 * even, half = m/2 pairs per round; see shaders/jacobi.wgsl): 'jacobi:angles' (half
 * invocations) writes each pair's rotation (s, τ, t) and indices into the scratch buffer from `a`
 * as it is before the round; 'jacobi:rotate' applies them in place to `a` (2×2 blocks of
 * two pairs) and to `v` (a row's two entries of a pair), each invocation looping over
 * up to JACOBI_PAIRS_PER_INVOCATION blocks of one row pair or pairs of one row of v
 * ((half + n)·chunks invocations). Both steps of a round share one uniform buffer
 * holding the round index.
 */
export function planJacobiSweeps(call: KernelJacobiSweeps): KernelSequence {
  const n = call.n;
  const m = n + (n % 2);
  const half = m / 2;
  const roundsPerSweep = m - 1;
  const chunks = Math.ceil(half / JACOBI_PAIRS_PER_INVOCATION);
  const nBlockTasks = half * chunks;
  const nRotate = nBlockTasks + n * chunks;
  const angles = jacobiAnglesVariant();
  const rotate = jacobiRotateVariant();
  function* steps(): Generator<SequenceStep> {
    for (let sweep = 0; sweep < call.sweeps; sweep++) {
      for (let r = 0; r < roundsPerSweep; r++) {
        const uniforms = new UniformWriter().u32(n).u32(half).u32(m - 1).u32(r).u32(chunks).u32(nBlockTasks).u32(nRotate).finish();
        yield { variant: angles, inputs: [call.a], outputs: [SCRATCH], uniforms, workgroups: groupsFor(half) };
        yield { variant: rotate, inputs: [SCRATCH], outputs: [call.a, call.v], uniforms, workgroups: groupsFor(nRotate) };
      }
    }
  }
  return { scratchLength: call.sweeps > 0 ? 4 * half : 0, steps: steps() };
}

// How one kernel call is cut into slices for threads: each slice is the same
// core call on a contiguous part of the output, with pointers moved to it.
// Every output element is still computed by one thread in the order the
// one-thread call uses, so threaded results equal single-threaded ones bit
// for bit. Pure functions over the call's numbers, so they are tested alone.

/**
 * [begin, end) ranges covering [0, n) in at most `parts` pieces, each a
 * multiple of `align` but the last; none empty, except the single [0, 0) for
 * n = 0 (an empty call still runs once: it may have outputs to clear).
 */
export function splitRange(n: number, parts: number, align = 1): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (n <= 0) return [[0, 0]];
  const step = Math.ceil(n / parts / align) * align;
  for (let begin = 0; begin < n; begin += step) ranges.push([begin, Math.min(n, begin + step)]);
  return ranges;
}

export interface MatmulArgs {
  a: number; b: number; out: number;
  batch: number; m: number; k: number; n: number;
  /** byte offset of the six i32 strides [as0, as1, as2, bs0, bs1, bs2] (read by every slice) */
  meta: number;
  aStrides: readonly number[]; bStrides: readonly number[];
}

/**
 * Argument lists of core.matmul (without the workspace, which each thread adds):
 * whole matrices of the batch when there are at least as many as threads,
 * else rows of each (rows in multiples of the micro-tile height, 4).
 */
export function matmulSlices(c: MatmulArgs, threads: number): number[][] {
  const byBatch = c.batch >= threads;
  if (byBatch) {
    return splitRange(c.batch, threads).map(([t0, t1]) => [
      c.a + t0 * c.aStrides[0] * 8, c.b + t0 * c.bStrides[0] * 8, c.out + t0 * c.m * c.n * 8,
      t1 - t0, c.m, c.k, c.n, c.meta,
    ]);
  }
  if (c.batch !== 1) return [[c.a, c.b, c.out, c.batch, c.m, c.k, c.n, c.meta]];
  return splitRange(c.m, threads, 4).map(([i0, i1]) => [
    c.a + i0 * c.aStrides[1] * 8, c.b, c.out + i0 * c.n * 8, 1, i1 - i0, c.k, c.n, c.meta,
  ]);
}

export interface BasisContractArgs {
  mode: number; basis: number;
  x: number; table: number; w: number; a: number; s: number; hasS: number; out: number;
  nPoints: number; nIn: number; nOut: number; nBasis: number; nTable: number; k: number; deriv: number; perEdge: number;
}

const MODE_Y = 0, MODE_S = 1;

/**
 * Argument lists of core.basisContract (without the workspace): modes 'y' and
 * 's' by points (each point's row is independent), mode 'w' on the packed path
 * by inputs (each input's slice of the gradient sums over every point, as in
 * one thread); 'w' with per-edge knot rows stays whole.
 */
export function basisContractSlices(c: BasisContractArgs, threads: number): number[][] {
  const args = (p: Partial<BasisContractArgs>, inBegin: number, inEnd: number): number[] => {
    const v = { ...c, ...p };
    return [
      v.mode, v.basis, v.x, v.table, v.w, v.a, v.s, v.hasS, v.out,
      v.nPoints, v.nIn, v.nOut, v.nBasis, v.nTable, v.k, v.deriv, v.perEdge, inBegin, inEnd,
    ];
  };
  if (c.mode === MODE_Y || c.mode === MODE_S) {
    const outWidth = c.mode === MODE_Y ? c.nOut : c.nIn;
    return splitRange(c.nPoints, threads).map(([n0, n1]) => args({
      x: c.x + n0 * c.nIn * 8,
      s: c.mode === MODE_Y && c.hasS ? c.s + n0 * c.nIn * 8 : c.s,
      a: c.mode === MODE_S ? c.a + n0 * c.nOut * 8 : c.a,
      out: c.out + n0 * outWidth * 8,
      nPoints: n1 - n0,
    }, 0, c.nIn));
  }
  if (c.perEdge) return [args({}, 0, c.nIn)];
  return splitRange(c.nIn, threads).map(([i0, i1]) => args({}, i0, i1));
}

/** A contiguous element range [begin, end) of an element-wise call (unary, fill). */
export function elementRanges(n: number, threads: number): Array<[number, number]> {
  return splitRange(n, threads, 2); // even boundaries keep the f64x2 loops aligned
}

/** A slice of a strided walk: the layout of its part and how far each operand's pointer moves (bytes). */
export interface StridedSlice {
  shape: number[];
  strides: number[][];
  /** bytes added to each operand's pointer, in the order of the layout's stride arrays */
  shift: number[];
}

/**
 * A strided walk (binary, copy: every operand given by its strides) cut along
 * its outermost dim. Operands whose outer stride is 0 (broadcast) stay put;
 * `writable` names the operand written, which must move (else no cut).
 */
export function outerDimSlices(shape: readonly number[], strides: readonly (readonly number[])[], threads: number, writable: number): StridedSlice[] {
  const whole: StridedSlice = { shape: [...shape], strides: strides.map((s) => [...s]), shift: strides.map(() => 0) };
  if (strides[writable][0] === 0) return [whole];
  return splitRange(shape[0], threads).map(([d0, d1]) => ({
    shape: [d1 - d0, ...shape.slice(1)],
    strides: strides.map((s) => [...s]),
    shift: strides.map((s) => d0 * s[0] * 8),
  }));
}

/** A slice of a reduction: its layout (shape, out strides), pointer shifts and out range. */
export interface ReduceSlice {
  shape: number[];
  outStrides: number[];
  xShift: number;
  outShift: number;
  outSize: number;
  /** bytes between inner rows of x (0: contiguous) */
  xRowBytes: number;
}

/**
 * A reduction of a contiguous x cut so that no two slices share an output:
 * along the outer dim when it is kept, or — a sum over the rows of a matrix,
 * [rows, cols] with out strides [0, 1] — along its columns.
 */
export function reduceSlices(shape: readonly number[], outStrides: readonly number[], outSize: number, threads: number): ReduceSlice[] {
  const whole: ReduceSlice = { shape: [...shape], outStrides: [...outStrides], xShift: 0, outShift: 0, outSize, xRowBytes: 0 };
  const inner = shape.slice(1).reduce((p, e) => p * e, 1);
  if (outStrides[0] !== 0) {
    return splitRange(shape[0], threads).map(([d0, d1]) => ({
      shape: [d1 - d0, ...shape.slice(1)], outStrides: [...outStrides],
      xShift: d0 * inner * 8, outShift: d0 * outStrides[0] * 8, outSize: (d1 - d0) * outStrides[0], xRowBytes: 0,
    }));
  }
  if (shape.length === 2 && outStrides[1] === 1) {
    return splitRange(shape[1], threads, 2).map(([j0, j1]) => ({
      shape: [shape[0], j1 - j0], outStrides: [0, 1],
      xShift: j0 * 8, outShift: j0 * 8, outSize: j1 - j0, xRowBytes: shape[1] * 8,
    }));
  }
  return [whole];
}

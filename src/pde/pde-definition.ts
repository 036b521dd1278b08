// What a PDE is to kanntk: input names and domain, the derivatives its residual
// needs, the residual written with graph ops, and its boundary/initial data.
// Built-in PDEs use exactly this interface (see builtins/).

import type { Tensor } from '../graph/tensor.js';

export interface ResidualContext {
  /** u [N, 1] */
  u: Tensor;
  /** the requested derivatives by name, e.g. d.u_xx [N, 1] */
  d: Record<string, Tensor>;
  /** the points [N, inputs] */
  x: Tensor;
  /** input column by name, [N, 1] */
  input(name: string): Tensor;
}

export interface PdeDefinition {
  name: string;
  /** input names in column order, e.g. ['t', 'x'] */
  inputs: string[];
  /** [lo, hi] per input */
  domain: Record<string, [number, number]>;
  /** derivatives the residual uses, e.g. ['u_t', 'u_xx'] */
  derivatives: string[];
  /** r(u, derivatives, inputs) with graph ops, [N, 1] */
  residual(ctx: ResidualContext): Tensor;
  /** target values g at boundary/initial points ([N, inputs] row-major) */
  boundaryValues(points: ArrayLike<number>, n: number): Float64Array;
  /** the kinds of boundary the collocation generates (see collocation.ts) */
  boundary: { kind: 'initial-and-sides' } | { kind: 'box' };
  /** the parameters in force (D, c, ν, a1, …) */
  constants: Record<string, number>;
}

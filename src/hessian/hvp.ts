// Hessian-vector products of a loss w.r.t. all parameters, without forming H.
//
// Reverse over reverse on the graph: g = ∂L/∂θ is built with createGraph, so it
// is itself a graph of the parameters; H·v = ∂(Σ_p g_p·v_p)/∂θ is then a second
// reverse pass with v as the cotangent seed of g (grad's `seeds`), which costs a
// small constant times one gradient and O(P) memory. Vectors are flat, in the
// model file's param_order (fixtures README §2.5), as Float64Array on the host,
// so the operator plugs into the Lanczos code in src/spectral.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import { grad } from '../graph/grad.js';
import { tensor } from '../graph/ops/create.js';
import { keep, noGrad, tidy } from '../graph/tape.js';
import type { Tensor } from '../graph/tensor.js';
import type { BoundModel, ParamEntry } from '../kan/model.js';
import type { LinearOperator } from '../spectral/lanczos.js';
import { lossGraph } from '../train/loss-and-grad.js';
import type { LossName } from '../train/losses.js';

/** A row-major array on the host: {shape, data} as in the JSON files (data may be a typed array). */
export type HostArray = { readonly shape: readonly number[]; readonly data: ArrayLike<number> };

/** Unit roundoff of one backend's arithmetic. */
export function precisionRoundoff(backend: Backend): number {
  return backend.info.precision === 'f64' ? 2 ** -53 : 2 ** -24;
}

/** Throws unless v has length n and only finite entries; `what` names it in the message. */
export function checkFlatVector(v: ArrayLike<number>, n: number, what: string): void {
  if (v.length !== n) throw new KanntkError(`${what} has length ${v.length}, the model has ${n} parameters`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) throw new KanntkError(`${what}[${i}] is ${v[i]}`);
}

/** Data on a backend for a loss: inputs x [N, n_in] as a tensor; targets as a tensor (mse) or N integer labels (ce). */
export interface BoundLossData {
  x: Tensor;
  target: Tensor | ArrayLike<number>;
  dispose(): void;
}

/** Uploads (x, y) for `loss`, checked against the model; the tensors outlive any enclosing tidy scope. */
export function bindLossData(bound: BoundModel, x: HostArray, y: HostArray, loss: LossName): BoundLossData {
  if (loss !== 'mse' && loss !== 'ce') throw new KanntkError(`unknown loss '${String(loss)}' (expected mse or ce)`);
  const model = bound.model;
  if (x.shape.length !== 2 || x.shape[1] !== model.nIn) throw new KanntkError(`input x must be [N, ${model.nIn}], got [${x.shape}]`);
  const n = x.shape[0];
  if (loss === 'mse') {
    if (y.shape.length !== 2 || y.shape[0] !== n || y.shape[1] !== model.nOut) {
      const hint = y.shape.length === 1 ? ' (integer class labels need the cross-entropy loss, ce)' : '';
      throw new KanntkError(`mse: target y must be [${n}, ${model.nOut}] for x [${x.shape}], got [${y.shape}]${hint}`);
    }
  } else if (y.shape.length !== 1 || y.shape[0] !== n) {
    throw new KanntkError(`cross-entropy: labels must be {shape: [${n}], data} (one integer per row of x), got shape [${y.shape}]`);
  }
  const xt = keep(tensor(bound.backend, x.data, x.shape, { name: 'input x' }));
  let target: Tensor | Float64Array;
  try {
    target = loss === 'mse' ? keep(tensor(bound.backend, y.data, y.shape, { name: 'target y' })) : Float64Array.from(y.data);
  } catch (err) {
    xt.dispose();
    throw err;
  }
  return {
    x: xt,
    target,
    dispose() {
      xt.dispose();
      if (!(target instanceof Float64Array)) target.dispose();
    },
  };
}

export interface HessianOperatorOptions {
  /** 'mse' (default; y is [N, n_out]) or 'ce' (softmax cross-entropy; y holds N integer labels as {shape: [N], data}). */
  loss?: LossName;
}

/**
 * The Hessian of a loss on fixed data w.r.t. the flat parameters θ (length P = model.nParams),
 * as a symmetric LinearOperator: apply(v) = H·v. Uses the bound model's current parameters;
 * calls are serialised (one graph at a time) and each frees its graph before returning.
 * Dispose it to free the data; the bound model stays the caller's.
 */
export class HessianOperator implements LinearOperator {
  readonly size: number;
  readonly roundoff: number;
  readonly loss: LossName;
  /** Hessian-vector products computed so far. */
  applications = 0;
  private readonly order: ParamEntry[];
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(readonly bound: BoundModel, private readonly data: BoundLossData, loss: LossName) {
    this.order = bound.model.paramOrder();
    this.size = bound.model.nParams;
    this.roundoff = precisionRoundoff(bound.backend);
    this.loss = loss;
  }

  /** The Hessian of `loss` over (x, y) at the bound model's parameters. */
  static create(bound: BoundModel, x: HostArray, y: HostArray, options: HessianOperatorOptions = {}): HessianOperator {
    const loss = options.loss ?? 'mse';
    return new HessianOperator(bound, bindLossData(bound, x, y, loss), loss);
  }

  /** H·v for v of length P (flat, param order); the result is a new Float64Array. */
  apply(v: Float64Array): Promise<Float64Array> {
    this.assertAlive();
    checkFlatVector(v, this.size, 'Hessian-vector product: v');
    const vCopy = Float64Array.from(v);
    return this.serial(() =>
      tidy(async () => {
        const { bound } = this;
        const params = bound.params;
        const seeds = this.order.map((e) => tensor(bound.backend, vCopy.subarray(e.offset, e.offset + e.size), e.shape, { name: `v ${e.name}` }));
        const L = lossGraph(bound, this.data.x, this.data.target, this.loss);
        const g = grad(L, params, { createGraph: true });
        const hv = grad(g, params, { seeds });
        const out = await bound.flatParams(hv).data();
        this.applications++;
        return out;
      }),
    );
  }

  /** Loss value and ∂L/∂θ (flat, param order) at the bound parameters. */
  gradient(): Promise<{ loss: number; grad: Float64Array }> {
    this.assertAlive();
    return this.serial(() =>
      tidy(async () => {
        const L = lossGraph(this.bound, this.data.x, this.data.target, this.loss);
        const flat = this.bound.flatParams(grad(L, this.bound.params));
        const [lv, gv] = await Promise.all([L.data(), flat.data()]);
        return { loss: lv[0], grad: gv };
      }),
    );
  }

  /** The loss value alone (no graph recorded). */
  value(): Promise<number> {
    this.assertAlive();
    return this.serial(() => tidy(async () => (await noGrad(() => lossGraph(this.bound, this.data.x, this.data.target, this.loss)).data())[0]));
  }

  /** Frees the uploaded data (not the bound model). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.data.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new KanntkError('HessianOperator used after dispose');
  }

  /** Runs fn after every earlier call has settled: async tidy scopes must not interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The Hessian operator of `loss` over (x, y) for a bound model; see HessianOperator. */
export function hessianOperator(bound: BoundModel, x: HostArray, y: HostArray, options: HessianOperatorOptions = {}): HessianOperator {
  return HessianOperator.create(bound, x, y, options);
}

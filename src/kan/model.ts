// KanModel: a stack of layers held on the host (the model file's numbers),
// and BoundModel: the same with its parameters as tensors on one backend.

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { tensor } from '../graph/ops/create.js';
import { reshape, concat } from '../graph/ops/layout.js';
import { keep } from '../graph/tape.js';
import { formatFor, parseModel } from './model-file.js';
import { MODEL_FORMAT, type LayerSpec, type ModelSpec } from './layer-types.js';
import { bindLayer, parameterNames, type BoundLayer } from './layers/registry.js';
import { serializeModel } from './model-serialize.js';
import type { HostArray } from '../host-array.js';
import type { FileArray } from './layer-types.js';

/** One entry of the flat parameter vector (fixtures README §2.5). */
export interface ParamEntry {
  layer: number;
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export class KanModel {
  readonly layers: readonly LayerSpec[];

  private constructor(spec: ModelSpec) {
    this.layers = spec.layers;
  }

  /** From a parsed `kan-model/1` object; validates everything. */
  static fromJSON(raw: unknown): KanModel {
    return new KanModel(parseModel(raw));
  }

  /** From `kan-model/1` text. */
  static parse(text: string): KanModel {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new KanntkError(`model: not valid JSON (${(err as Error).message})`);
    }
    return KanModel.fromJSON(raw);
  }

  toJSON(): ModelSpec {
    return { format: formatFor(this.layers), layers: this.layers.map((l) => structuredClone(l)) };
  }

  /** Canonical text form: stable key order, shortest round-trip numbers. */
  serialize(): string {
    return serializeModel(this.toJSON());
  }

  get nIn(): number {
    return this.layers[0].n_in;
  }

  get nOut(): number {
    return this.layers[this.layers.length - 1].n_out;
  }

  /** Where each parameter array sits in the flat vector θ. */
  paramOrder(): ParamEntry[] {
    const entries: ParamEntry[] = [];
    let offset = 0;
    this.layers.forEach((layer, l) => {
      for (const name of parameterNames(layer)) {
        const a = (layer as unknown as Record<string, FileArray>)[name];
        const size = a.data.length;
        entries.push({ layer: l, name, shape: [...a.shape], offset, size });
        offset += size;
      }
    });
    return entries;
  }

  get nParams(): number {
    return this.paramOrder().reduce((s, e) => s + e.size, 0);
  }

  /** θ as one Float64Array in param order. */
  flatParams(): Float64Array {
    const theta = new Float64Array(this.nParams);
    for (const e of this.paramOrder()) theta.set((this.layers[e.layer] as unknown as Record<string, FileArray>)[e.name].data, e.offset);
    return theta;
  }

  /** A copy of this model with θ replaced (same structure). */
  withFlatParams(theta: ArrayLike<number>): KanModel {
    if (theta.length !== this.nParams) throw new KanntkError(`model: θ has ${theta.length} values, the model has ${this.nParams} parameters`);
    for (let i = 0; i < theta.length; i++) {
      if (!Number.isFinite(theta[i])) throw new KanntkError(`model: parameter ${i} is ${theta[i]}`);
    }
    const spec = this.toJSON();
    for (const e of this.paramOrder()) {
      const a = (spec.layers[e.layer] as unknown as Record<string, FileArray>)[e.name];
      a.data = Array.from(theta).slice(e.offset, e.offset + e.size);
    }
    return new KanModel(spec);
  }

  /** Uploads the parameters to a backend. Dispose the result when done. */
  bind(backend: Backend, options: { fused?: boolean } = {}): BoundModel {
    return new BoundModel(this, backend, options);
  }

  /** Convenience: y = f(x) for x {shape [N, n_in], data} on an engine (binds, runs, frees). */
  async forward(engine: { backend: Backend }, x: HostArray): Promise<HostArray<Float64Array>> {
    const bound = this.bind(engine.backend);
    try {
      const xt = tensor(engine.backend, x.data, x.shape, { name: 'input x' });
      try {
        const y = bound.forward(xt);
        return { shape: [...y.shape], data: await y.data() };
      } finally {
        xt.dispose();
      }
    } finally {
      bound.dispose();
    }
  }
}

export class BoundModel {
  readonly layers: BoundLayer[];

  constructor(readonly model: KanModel, readonly backend: Backend, options: { fused?: boolean } = {}) {
    this.layers = model.layers.map((spec) => bindLayer(backend, spec, options));
  }

  /** The parameter tensors in flat order (layer, then name as in paramOrder). */
  get params(): Tensor[] {
    return this.layers.flatMap((layer) => parameterNames(layer.spec).map((name) => layer.params[name]));
  }

  /** Replaces the parameter tensors (e.g. after an optimizer step); the old ones are disposed. */
  setParams(next: Tensor[]): void {
    const current = this.params;
    if (next.length !== current.length) throw new KanntkError(`setParams: got ${next.length} tensors for ${current.length} parameters`);
    let i = 0;
    for (const layer of this.layers) {
      for (const name of parameterNames(layer.spec)) {
        const old = layer.params[name];
        const t = next[i++];
        if (t.shape.join() !== old.shape.join()) throw new KanntkError(`setParams: ${name} must be [${old.shape}], got [${t.shape}]`);
        if (t !== old) {
          layer.params[name] = keep(t);
          old.dispose();
        }
      }
    }
  }

  /** Uploads θ (flat, param order) as the new parameters. */
  setFlatParams(theta: ArrayLike<number>): void {
    const order = this.model.paramOrder();
    const total = order.reduce((s, e) => s + e.size, 0);
    if (theta.length !== total) throw new KanntkError(`setFlatParams: θ has ${theta.length} values, the model has ${total} parameters`);
    const values = Float64Array.from(theta);
    this.setParams(order.map((e) => tensor(this.backend, values.subarray(e.offset, e.offset + e.size), e.shape, { name: `θ ${e.name}` })));
  }

  /** x [N, n_in] → y [N, n_out]; with `params` the given tensors replace the bound ones (same order). */
  forward(x: Tensor, params?: Tensor[]): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.model.nIn) {
      throw new KanntkError(`forward: input must be [N, ${this.model.nIn}], got [${x.shape}]`);
    }
    let i = 0;
    let h = x;
    for (const layer of this.layers) {
      let p = layer.params;
      if (params) {
        p = {};
        for (const name of parameterNames(layer.spec)) p[name] = params[i++];
      }
      h = layer.forward(h, p);
    }
    return h;
  }

  /** θ flattened into one tensor [P] (in param order). */
  flatParams(params = this.params): Tensor {
    return concat(params.map((p) => reshape(p, [-1])), 0);
  }

  /** Reads θ back to the host, flat in param order. */
  async readFlatParams(): Promise<Float64Array> {
    const values = await Promise.all(this.params.map((p) => p.data()));
    const theta = new Float64Array(this.model.nParams);
    let offset = 0;
    for (const v of values) {
      theta.set(v, offset);
      offset += v.length;
    }
    return theta;
  }

  /** Reads the parameters back into a host model. */
  async toModel(): Promise<KanModel> {
    return this.model.withFlatParams(await this.readFlatParams());
  }

  dispose(): void {
    for (const layer of this.layers) {
      for (const t of Object.values(layer.params)) t.dispose();
      for (const t of layer.constants) t.dispose();
    }
  }
}

// Tensor: a shape over a backend buffer, plus the graph node that made it.
//
// Execution is eager: an op runs its kernel as soon as it is called (on the
// GPU it is queued), and records a GradNode so that grad() can walk back.
// Reshapes share storage, so storage is reference counted.

import type { Backend } from '../backend/backend.js';
import type { DeviceBuffer } from '../backend/buffer.js';
import { sizeOf } from '../backend/kernels.js';
import { KanntkError } from '../errors.js';
import { trackTensor } from './tape.js';

/** A backend buffer shared by the tensors that view it. */
export class Storage {
  private refs = 0;
  constructor(readonly backend: Backend, readonly buffer: DeviceBuffer) {}
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs === 0) this.backend.free(this.buffer);
  }
}

/**
 * How to send a cotangent back to the parents of a node.
 * `perSample[i]` asks for parent i's cotangent to keep the batch axis
 * (Jacobian rows): shape [N, ...parent.shape] instead of parent.shape.
 * `needed[i]` is false for parents no gradient is wanted for: a rule may
 * return null there and skip the work (expensive ops do).
 */
export type Vjp = (g: Tensor, perSample: readonly boolean[], needed: readonly boolean[]) => (Tensor | null)[];

export interface GradNode {
  op: string;
  parents: Tensor[];
  vjp: Vjp;
}

let nextTensorId = 1;

export class Tensor {
  readonly id = nextTensorId++;
  readonly shape: readonly number[];
  readonly size: number;
  /** True for constants made by full/zeros/ones/scalar: they never carry a batch axis (see grad's perSample). */
  constant = false;
  private alive = true;

  constructor(
    readonly backend: Backend,
    shape: readonly number[],
    readonly storage: Storage,
    /** The op that made this tensor; undefined for leaves (inputs, parameters, constants). */
    public node?: GradNode,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    storage.retain();
    trackTensor(this);
  }

  get rank(): number {
    return this.shape.length;
  }

  get buffer(): DeviceBuffer {
    this.assertAlive();
    return this.storage.buffer;
  }

  get disposed(): boolean {
    return !this.alive;
  }

  assertAlive(): void {
    if (!this.alive) throw new KanntkError(`tensor #${this.id} of shape [${this.shape}] used after dispose`);
  }

  /** Copies the values back to the host as f64 (row-major). */
  async data(): Promise<Float64Array> {
    this.assertAlive();
    const all = await this.backend.read(this.storage.buffer);
    return all.length === this.size ? all : all.slice(0, this.size);
  }

  /** The values in the JSON array form `{shape, data}`. */
  async toJSON(): Promise<{ shape: number[]; data: number[] }> {
    return { shape: [...this.shape], data: Array.from(await this.data()) };
  }

  /** Frees this view; the buffer goes back to the pool when no view needs it. Idempotent. */
  dispose(): void {
    if (!this.alive) return;
    this.alive = false;
    this.node = undefined;
    this.storage.release();
  }
}

/** A new tensor owning a fresh buffer of the given shape. */
export function emptyTensor(backend: Backend, shape: readonly number[]): Tensor {
  const buffer = backend.alloc(Math.max(1, sizeOf(shape)));
  return new Tensor(backend, shape, new Storage(backend, buffer));
}

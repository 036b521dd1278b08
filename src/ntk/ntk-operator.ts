// The NTK as an operator, v ↦ K·v = Σ_c J_c·(J_cᵀ·v), without forming K (n×n)
// or J (n×P): for n = 100,000 points K alone would take 80 GB. Each product
// walks the points in blocks, so memory is one block's graph plus a few
// vectors of length n and P, and Lanczos (eigsh) gets the top eigenpairs.
//
// J_cᵀ·v and J_c·u are the products of ./jacobian-products.ts, per block of points.

import { KanntkError } from '../errors.js';
import { tensor } from '../graph/ops/create.js';
import { keep, tidy } from '../graph/tape.js';
import type { Tensor } from '../graph/tensor.js';
import type { BoundModel } from '../kan/model.js';
import type { HostArray } from '../host-array.js';
import type { LinearOperator } from '../spectral/lanczos.js';
import { eigsh } from '../spectral/eigsh.js';
import { batchBytes } from '../kan/batch-memory.js';
import { jvp, vjp } from './jacobian-products.js';
import { bytesPerElement } from './memory-guard.js';

export interface NtkOperatorOptions {
  /** Points per block (default: as many as fit in about 64 MiB of the block's graph, at least 256). */
  blockSize?: number;
}

/** The points per block: a block's graph (double reverse: ~12 passes) within `budget` bytes. */
function defaultBlockSize(model: BoundModel, n: number, budget = 64 * 2 ** 20): number {
  const perPoint = batchBytes(model.model, 1, 12, bytesPerElement(model.backend));
  return Math.max(1, Math.min(n, Math.max(256, Math.floor(budget / perPoint))));
}

/**
 * K·v for the empirical NTK summed over outputs, K = Σ_c J_c·J_cᵀ, on points x, at the bound
 * model's current parameters. A LinearOperator of size n for eigsh; calls are serialised.
 */
export class NtkOperator implements LinearOperator {
  readonly size: number;
  readonly roundoff: number;
  /** Operator applications so far. */
  applications = 0;
  private readonly blocks: { start: number; rows: number; x: Tensor }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly model: BoundModel, x: HostArray, options: NtkOperatorOptions = {}) {
    const [n, d] = x.shape;
    if (x.shape.length !== 2 || d !== model.model.nIn) throw new KanntkError(`ntkOperator: points must be [n, ${model.model.nIn}], got [${x.shape}]`);
    if (n < 1) throw new KanntkError('ntkOperator: no points');
    const block = options.blockSize ?? defaultBlockSize(model, n);
    if (!Number.isInteger(block) || block < 1) throw new KanntkError(`ntkOperator: blockSize must be a positive integer, got ${block}`);
    this.size = n;
    this.roundoff = model.backend.info.precision === 'f64' ? 2 ** -53 : 2 ** -24;
    for (let start = 0; start < n; start += block) {
      const rows = Math.min(block, n - start);
      const data = Float64Array.from({ length: rows * d }, (_, j) => x.data[start * d + j]);
      this.blocks.push({ start, rows, x: keep(tensor(model.backend, data, [rows, d], { name: `NTK points ${start}…` })) });
    }
  }

  /** K·v for v of length n. */
  async apply(v: Float64Array): Promise<Float64Array> {
    if (this.disposed) throw new KanntkError('NtkOperator used after dispose');
    if (v.length !== this.size) throw new KanntkError(`ntkOperator: v has length ${v.length}, expected ${this.size}`);
    const vCopy = Float64Array.from(v);
    const next = this.queue.then(() => this.product(vCopy));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async product(v: Float64Array): Promise<Float64Array> {
    const C = this.model.model.nOut, backend = this.model.backend;
    const out = new Float64Array(this.size);
    for (let c = 0; c < C; c++) {
      // u = J_cᵀ·v, accumulated over the blocks (flat, param order)
      const u = new Float64Array(this.model.model.nParams);
      for (const b of this.blocks) {
        const part = await tidy(async () => {
          const seed = new Float64Array(b.rows * C);
          for (let i = 0; i < b.rows; i++) seed[i * C + c] = v[b.start + i];
          return vjp(this.model, b.x, tensor(backend, seed, [b.rows, C])).data();
        });
        for (let p = 0; p < u.length; p++) u[p] += part[p];
      }
      // out += J_c·u, block by block
      for (const b of this.blocks) {
        const ju = await tidy(async () => jvp(this.model, b.x, u).data());
        for (let i = 0; i < b.rows; i++) out[b.start + i] += ju[i * C + c];
      }
    }
    this.applications++;
    return out;
  }

  /** How many blocks of points one product walks. */
  get blockCount(): number {
    return this.blocks.length;
  }

  /** Frees the uploaded points (not the model). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.blocks) b.x.dispose();
  }
}

export interface NtkTopOptions extends NtkOperatorOptions {
  /** eigenpairs wanted (default 10) */
  k?: number;
  /** Lanczos tolerance on ‖K·x − θ·x‖ relative to θ_max (default 1e-10) */
  tol?: number;
  /** seed of the random start (default 0) */
  seed?: number;
}

/**
 * The k largest eigenpairs of the NTK on x without forming K or J: Lanczos (eigsh) on NtkOperator.
 * Memory grows with n only through a few vectors per Lanczos step.
 */
export async function ntkTopEigenpairs(model: BoundModel, x: HostArray, options: NtkTopOptions = {}) {
  const op = new NtkOperator(model, x, options);
  try {
    const k = options.k ?? 10;
    if (!Number.isInteger(k) || k < 1) throw new KanntkError(`ntkTopEigenpairs: k must be a positive integer, got ${k}`);
    const result = await eigsh(op, { k: Math.min(k, op.size), which: 'largest', tol: options.tol ?? 1e-10, seed: options.seed ?? 0 });
    return { ...result, blocks: op.blockCount };
  } finally {
    op.dispose();
  }
}

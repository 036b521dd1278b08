// The empirical NTK of a model on points X:
//   K_ab = Σ_c ∂f_c(x_a)/∂θ · ∂f_c(x_b)/∂θ          (per-output blocks K_c on request)
// 'structured': per-layer Gram assembly from layer inputs and output sensitivities, no Jacobian.
// 'plain': Jacobian rows from the per-sample backward pass, then J·Jᵀ — the check, and the faster
//   one when the model is small next to the point set (J holds n·C·P numbers, K n²).
// 'auto' (default): plain when n ≥ P·C/2, else structured (measured crossover on wasm: the small
//   KAN, P = 897, between 256 and 512 points; the big one, P = 53,697, always structured).

import type { Backend } from '../backend/backend.js';
import { KanntkError } from '../errors.js';
import type { Tensor } from '../graph/tensor.js';
import { add, matmul, slice, reshape, concat } from '../graph/index.js';
import { tensor } from '../graph/ops/create.js';
import { tidy } from '../graph/tape.js';
import { jacobianRows } from '../graph/jacobian.js';
import type { BoundModel } from '../kan/model.js';

import { traceLayers } from './sensitivities.js';
import { accumulate } from '../kan/layers/gram-blocks.js';
import { isDecorated, layerKind } from '../kan/layers/registry.js';
import { guardMemory, memoryLimits, bytesPerElement, formatBytes } from './memory-guard.js';
import type { HostArray } from '../host-array.js';

export type NtkMethod = 'auto' | 'structured' | 'plain';

/** The method 'auto' stands for on n points. */
export function resolveNtkMethod(model: BoundModel, n: number, method: NtkMethod): 'structured' | 'plain' {
  // masked and closed-form edges have no Gram blocks: their Jacobian comes from the graph
  const decorated = model.model.layers.some(isDecorated);
  if (decorated && method === 'structured') throw new KanntkError("ntk: the structured method does not cover edge masks or symbolic edges (kan-model/2); use method 'plain' or 'auto'");
  if (decorated) return 'plain';
  if (method !== 'auto') return method;
  return 2 * n >= model.model.nParams * model.model.nOut ? 'plain' : 'structured';
}

export interface NtkOptions {
  method?: NtkMethod;
  /** Return the per-output blocks K_c as [C, n, n] instead of their sum [n, n]. */
  perOutput?: boolean;
}

/**
 * Bytes per [chunk, n, n] intermediate worth aiming for: larger chunks do not make the batched
 * products faster, only touch more fresh memory (page faults in a new process) and spill caches.
 */
const GRAM_CHUNK_BYTES = 4 * 2 ** 20;

/**
 * Inputs per Gram block: three [chunk, n, n] intermediates within an eighth of the memory and
 * within one array's limit, and each near GRAM_CHUNK_BYTES.
 */
function gramChunk(backend: Backend, n: number, nIn: number): number {
  const perInput = n * n * bytesPerElement(backend);
  const limits = memoryLimits(backend);
  return Math.max(1, Math.min(nIn, Math.floor(GRAM_CHUNK_BYTES / perInput), Math.floor(limits.total / 8 / 3 / perInput), Math.floor(limits.buffer / perInput)));
}

function structured(model: BoundModel, x: Tensor, perOutput: boolean): Tensor {
  const n = x.shape[0];
  const widest = Math.max(...model.model.layers.map((l) => l.n_in));
  // the result blocks, a running sum, and 3 chunk intermediates (or one [n, n·…] row Gram)
  // the structured method is the lean one already: fewer points, or no K at all
  guardMemory(model.backend, `the structured NTK of ${n} points`, n * n, n * n * (3 + model.model.nOut) + 3 * n * n * Math.min(widest, gramChunk(model.backend, n, widest)),
    'use fewer points, or take the top eigenpairs without forming K (ntkTopEigenpairs; kanntk ntk --matrix-free --top K)');
  const trace = traceLayers(model, x);
  if (!perOutput) {
    // Σ_c K_c layer by layer, so that a layer can share work between the outputs
    let K: Tensor | null = null;
    model.layers.forEach((layer, l) => {
      const kind = layerKind(layer.spec.type), h = trace.inputs[l], chunk = gramChunk(model.backend, n, h.shape[1]);
      const deltas = trace.sensitivities.map((d) => d[l]);
      if (kind.ntkGramSum) K = accumulate(K, () => kind.ntkGramSum!(layer, h, deltas, chunk));
      else for (const delta of deltas) K = accumulate(K, () => kind.ntkGram(layer, h, delta, chunk));
    });
    return K!;
  }
  const blocks = trace.sensitivities.map((deltas) => {
    let K: Tensor | null = null;
    model.layers.forEach((layer, l) => {
      const h = trace.inputs[l];
      K = accumulate(K, () => layerKind(layer.spec.type).ntkGram(layer, h, deltas[l], gramChunk(model.backend, n, h.shape[1])));
    });
    return K!;
  });
  return concat(blocks.map((b) => reshape(b, [1, n, n])), 0);
}

function plain(model: BoundModel, x: Tensor, perOutput: boolean): Tensor {
  const n = x.shape[0], nOut = model.model.nOut, P = model.model.nParams;
  const total = 2 * n * nOut * P + n * n * (nOut + 1);
  // the structured method holds a few n×n arrays instead of J: advise it only where that is less
  const structuredElements = n * n * (3 + nOut + 3);
  guardMemory(model.backend, `the Jacobian (plain NTK) of ${n} points × ${P} parameters`, n * nOut * P, total,
    structuredElements < total
      ? `use fewer points, or the structured method (no Jacobian: about ${formatBytes(structuredElements * bytesPerElement(model.backend))} here)`
      : 'use fewer points, or take the top eigenpairs without forming K (ntkTopEigenpairs; kanntk ntk --matrix-free --top K)');
  const J = jacobianRows(model.forward(x), model.params); // [n, C, P]
  const blocks = Array.from({ length: nOut }, (_, c) => {
    const Jc = reshape(slice(J, [0, c, 0], [n, 1, P]), [n, P]);
    return matmul(Jc, Jc, { transposeB: true });
  });
  if (perOutput) return concat(blocks.map((b) => reshape(b, [1, n, n])), 0);
  return blocks.reduce((acc, b) => add(acc, b));
}

/** The NTK as a tensor on the model's backend: [n, n], or [C, n, n] with perOutput. */
export function ntkTensor(model: BoundModel, x: Tensor, options: NtkOptions = {}): Tensor {
  if (x.rank !== 2 || x.shape[1] !== model.model.nIn) throw new KanntkError(`ntk: points must be [n, ${model.model.nIn}], got [${x.shape}]`);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'structured' && method !== 'plain') throw new KanntkError(`ntk: unknown method '${method}' (expected auto, structured or plain)`);
  return tidy(() => (resolveNtkMethod(model, x.shape[0], method) === 'structured' ? structured : plain)(model, x, options.perOutput ?? false));
}

/** The NTK on the host: { shape, data } in f64 (row-major). */
export async function ntk(model: BoundModel, x: HostArray, options: NtkOptions = {}): Promise<HostArray & { data: Float64Array }> {
  return tidy(async () => {
    const K = ntkTensor(model, tensor(model.backend, x.data, x.shape, { name: 'NTK points' }), options);
    return { shape: [...K.shape], data: await K.data() } as HostArray & { data: Float64Array };
  });
}

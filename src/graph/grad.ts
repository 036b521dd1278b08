// Reverse-mode differentiation over the recorded graph.
//
// VJP rules are graph ops, so with `createGraph` the returned gradients are
// themselves differentiable (u_x, then u_xx, then d(loss)/dθ). Without it,
// the backward pass records nothing and frees its intermediates.

import { KanntkError } from '../errors.js';
import { Tensor } from './tensor.js';
import { noGrad, tidy } from './tape.js';
import { add } from './ops/arithmetic.js';
import { full } from './ops/create.js';
import { sameShape } from './shape.js';

export interface GradOptions {
  /** Record the backward pass so that its results can be differentiated again. */
  createGraph?: boolean;
  /** Cotangents of the outputs (default: ones, i.e. the gradient of their sum). */
  seeds?: Tensor[];
  /**
   * Keep the batch axis (axis 0 of the outputs) in the gradients of `inputs`:
   * each result has shape [N, ...input.shape] and row a is d(Σ seed·output)[a]/d input.
   * The inputs are parameters: they do not carry the batch axis. Nodes computed
   * from parameters and constants only (full/zeros/ones/scalar) are batch-free
   * too and get batched cotangents; every other leaf is taken to carry the batch.
   * Ops that cannot keep the batch axis for such an operand throw, naming the op.
   */
  perSample?: boolean;
}

function assertNotDisposed(parent: Tensor, child: Tensor): void {
  if (parent.disposed) {
    throw new KanntkError(
      `grad: tensor #${parent.id} of shape [${parent.shape}] (an input of '${child.node?.op}') was used after dispose; ` +
        'take gradients inside the tidy scope that built the graph',
    );
  }
}

/** Nodes reachable from the outputs, parents before children. */
function topologicalOrder(outputs: Tensor[], stopAt: Set<Tensor>): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative post-order DFS: graphs from long loops can be deep.
  const stack: [Tensor, number][] = outputs.map((t) => [t, 0]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    if (i === 0) {
      if (seen.has(t)) {
        stack.pop();
        continue;
      }
      seen.add(t);
    }
    const parents = t.node && !stopAt.has(t) ? t.node.parents : [];
    if (i === 0) for (const p of parents) assertNotDisposed(p, t);
    if (i < parents.length) {
      top[1]++;
      if (!seen.has(parents[i])) stack.push([parents[i], 0]);
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/** d(Σ seeds·outputs)/d inputs, one tensor per input. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor[], options: GradOptions = {}): Tensor[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  if (outs.length === 0) throw new KanntkError('grad: no outputs given');
  for (const t of [...outs, ...inputs]) {
    if (!(t instanceof Tensor)) throw new KanntkError('grad: outputs and inputs must be Tensors');
    t.assertAlive();
  }
  const seeds = options.seeds;
  if (seeds && (seeds.length !== outs.length || seeds.some((s, i) => !sameShape(s.shape, outs[i].shape)))) {
    throw new KanntkError(`grad: seeds must match the outputs' shapes [${outs.map((o) => `[${o.shape}]`).join(', ')}]`);
  }
  const perSample = options.perSample ?? false;
  const batch = outs[0].shape[0];
  if (perSample && (outs[0].rank === 0 || outs.some((o) => o.shape[0] !== batch))) {
    throw new KanntkError('grad: per-sample mode needs outputs with a common leading batch axis');
  }
  const run = () => backward(outs, inputs, seeds, perSample, batch, options.createGraph ?? false);
  return options.createGraph ? run() : noGrad(() => tidy(run));
}

function backward(outs: Tensor[], inputs: Tensor[], seeds: Tensor[] | undefined, perSample: boolean, batch: number, keepGraph: boolean): Tensor[] {
  const inputSet = new Set(inputs);
  // In per-sample mode, inputs are parameters: stop there, their cotangents have a batch axis.
  const order = topologicalOrder(outs, perSample ? inputSet : new Set());
  // Only walk through nodes that lead to an input.
  const leadsToInput = new Set<Tensor>();
  for (const t of order) {
    if (inputSet.has(t) || (t.node && !(perSample && inputSet.has(t)) && t.node.parents.some((p) => leadsToInput.has(p)))) {
      leadsToInput.add(t);
    }
  }
  // Batch-free nodes: made from inputs (parameters) and constants alone.
  const batchFree = new Set<Tensor>();
  if (perSample) {
    for (const t of order) {
      if (inputSet.has(t) || t.constant || (t.node && t.node.parents.every((p) => batchFree.has(p)))) batchFree.add(t);
    }
  }
  const cotangents = new Map<Tensor, Tensor>();
  /** Whether a cotangent tensor is still referenced (VJPs may pass one tensor to several parents). */
  const isHeld = (x: Tensor) => [...cotangents.values()].includes(x) || (seeds?.includes(x) ?? false);
  const accumulate = (t: Tensor, g: Tensor) => {
    const prev = cotangents.get(t);
    cotangents.set(t, prev ? add(prev, g) : g);
    // a replaced partial sum is garbage unless something else holds it (keeps per-sample passes lean)
    if (prev && !keepGraph && !isHeld(prev)) prev.dispose();
  };
  outs.forEach((o, i) => {
    const seed = seeds ? seeds[i] : full(o.backend, o.shape, 1);
    // a seed carries the outputs' batch axis: not a batch-free constant for later per-sample passes
    seed.constant = false;
    accumulate(o, seed);
  });

  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const g = cotangents.get(t);
    if (!g || !t.node || !leadsToInput.has(t) || (perSample && inputSet.has(t))) continue;
    const parents = t.node.parents;
    const wantsPerSample = parents.map((p) => batchFree.has(p));
    const needed = parents.map((p) => leadsToInput.has(p));
    // without a recorded graph, a rule's temporaries (e.g. basis values for per-sample rows) die with it
    const parentGrads = keepGraph ? t.node.vjp(g, wantsPerSample, needed) : tidy(() => t.node!.vjp(g, wantsPerSample, needed));
    parents.forEach((p, j) => {
      const pg = parentGrads[j];
      if (pg && leadsToInput.has(p)) accumulate(p, pg);
    });
    if (!inputSet.has(t)) {
      cotangents.delete(t);
      // Free the cotangent now unless it is still held (a VJP may pass g through unchanged).
      if (!keepGraph && !isHeld(g)) g.dispose();
    }
  }

  return inputs.map((x) => {
    const g = cotangents.get(x);
    if (g) return g;
    const backend = x.backend;
    return full(backend, perSample ? [batch, ...x.shape] : x.shape, 0);
  });
}

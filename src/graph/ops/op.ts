// The two steps every graph op takes: run kernels into a fresh tensor, then
// (when recording) attach the rule that sends cotangents back to its inputs.

import type { Backend } from '../../backend/backend.js';
import type { DeviceBuffer } from '../../backend/buffer.js';
import type { KernelCall } from '../../backend/kernels.js';
import { KanntkError } from '../../errors.js';
import { isRecording } from '../tape.js';
import { Tensor, emptyTensor, type Vjp } from '../tensor.js';
import { assertRank } from '../shape.js';

/** Checks that the inputs of an op are alive and live on one backend; returns that backend. */
export function backendOf(op: string, inputs: readonly Tensor[]): Backend {
  for (const t of inputs) {
    if (!(t instanceof Tensor)) throw new KanntkError(`${op}: expected a Tensor, got ${typeof t}`);
    t.assertAlive();
  }
  const backend = inputs[0].backend;
  for (const t of inputs) {
    if (t.backend !== backend) {
      throw new KanntkError(`${op}: inputs live on different backends ('${backend.info.name}' and '${t.backend.info.name}')`);
    }
  }
  return backend;
}

/** Allocates the output of `shape` and runs the kernel call(s) that fill it. */
export function runKernels(
  backend: Backend,
  op: string,
  shape: readonly number[],
  calls: (out: DeviceBuffer) => KernelCall | KernelCall[],
): Tensor {
  assertRank(shape, op);
  const out = emptyTensor(backend, shape);
  if (out.size === 0) return out;
  const list = calls(out.buffer);
  for (const call of Array.isArray(list) ? list : [list]) backend.run(call);
  return out;
}

/** Attaches the VJP rule to `out` when the tape is recording. */
export function recordGrad(out: Tensor, op: string, parents: Tensor[], vjp: Vjp): Tensor {
  if (isRecording()) out.node = { op, parents, vjp };
  return out;
}

/** Throws for ops that cannot produce per-sample (batch-keeping) parameter gradients. */
export function noPerSample(op: string, perSample: readonly boolean[]): void {
  if (perSample.some(Boolean)) {
    throw new KanntkError(`per-sample gradients: op '${op}' may not consume a parameter directly; use parameters in add/sub/mul/div/matmul/broadcastTo or a KAN layer op`);
  }
}

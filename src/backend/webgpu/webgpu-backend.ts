// The WebGPU backend: f32 buffers on a GPUDevice, kernels as WGSL compute
// dispatches batched into one command encoder per flush.

import type { SingleDispatchCall } from './kernel-dispatch.js';
import { KanntkError } from '../../errors.js';
import { DeviceBuffer } from '../buffer.js';
import type { Backend, BackendInfo, MemoryStats } from '../backend.js';
import { KERNEL_KINDS, type KernelCall, type KernelKind } from '../kernels.js';
import { BufferPool } from './buffer-pool.js';
import { CommandBatch } from './command-batch.js';
import { dispatchGrid } from './dispatch-grid.js';
import { planDispatch, planJacobiSweeps, SCRATCH } from './kernel-dispatch.js';
import type { KernelSequence } from './kernel-dispatch.js';
import { PipelineCache } from './pipeline-cache.js';
import {
  allShaderVariants, MAX_BSPLINE_KNOTS, MAX_BASIS_CONTRACT_DEGREE, MAX_BASIS_CONTRACT_VALUES, MAX_JACOBI_N,
} from './shader-variants.js';
import type { ShaderVariant } from './shader-variants.js';
import { UNIFORM_BYTES } from './uniform-writer.js';
import { validateCall, type KernelLimits } from '../validate-call.js';

export interface WebGPUBackendOptions {
  powerPreference?: GPUPowerPreference;
  /** Most bytes of freed buffers kept for reuse (default 256 MiB). */
  poolCapBytes?: number;
}

const NAME = 'webgpu';
const BYTES_PER_ELEMENT = Float32Array.BYTES_PER_ELEMENT;
const DEFAULT_POOL_CAP_BYTES = 256 * 1024 * 1024;
/** Submit on its own after this many recorded dispatches, so huge batches do not pile up. */
const MAX_PENDING_DISPATCHES = 64;
/** Largest integer an f32 index value represents exactly (gather/scatterAdd positions). */
const MAX_F32_INDEX = 2 ** 24;
/**
 * Sequential O(n³) reductions stay on the CPU core: eigh takes the Jacobi method on
 * a backend without them.
 */
const CPU_ONLY: readonly KernelKind[] = ['tridiagonalize', 'householderApply'];
/** The kernels this backend runs. */
export const WEBGPU_KERNELS: readonly KernelKind[] = KERNEL_KINDS.filter((k) => !CPU_ONLY.includes(k));

/**
 * Creates the WebGPU backend on the `gpu` object given (navigator.gpu in a browser,
 * getNodeGPU() in Node/Deno), compiling every kernel variant before it returns.
 * Throws a KanntkError explaining why when no adapter or device is available.
 */
export async function createWebGPUBackend(gpu: GPU, options: WebGPUBackendOptions = {}): Promise<Backend> {
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
  if (!adapter) {
    // advice for where we are: a page cannot install drivers or SwiftShader, Node can
    const inNode = typeof process !== 'undefined' && !!process.versions?.node;
    throw new KanntkError(
      inNode
        ? 'WebGPU: no adapter found. Dawn found no usable GPU driver (no Vulkan/Metal/D3D12 driver). ' +
            "Without a GPU, --backend webgpu (or getNodeGPU({ swiftshader: true })) runs on the SwiftShader CPU driver; otherwise use the 'wasm' backend."
        : 'WebGPU: no adapter found. This browser offers WebGPU but no usable GPU (WebGPU disabled or blocklisted, or no GPU driver); ' +
            "check chrome://gpu (or your browser's equivalent), or use the 'wasm' backend, which runs everywhere.",
    );
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      label: 'kanntk',
      // the defaults (256 MiB / 128 MiB) are far below what adapters offer; ask for all of it
      requiredLimits: {
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      },
    });
  } catch (error) {
    throw new KanntkError(`WebGPU: the adapter refused to create a device: ${(error as Error).message ?? error}`);
  }
  const backend = new WebGPUBackend(adapter, device, options.poolCapBytes ?? DEFAULT_POOL_CAP_BYTES);
  try {
    await backend.compileAll();
  } catch (error) {
    backend.dispose();
    throw error;
  }
  return backend;
}

class WebGPUBackend implements Backend {
  readonly info: BackendInfo;
  private readonly pipelines: PipelineCache;
  private readonly storagePool: BufferPool;
  private readonly uniformPool: BufferPool;
  private readonly stagingPool: BufferPool;
  private readonly batch: CommandBatch;
  /** Largest buffer in bytes: a buffer must fit in one storage binding. */
  private readonly maxBufferBytes: number;
  private readonly limits: KernelLimits;
  private liveBuffers = 0;
  private liveBytes = 0;
  /** Bytes of freed buffers waiting for the submit that uses them. */
  private releasingBytes = 0;
  private gpuError: string | null = null;
  private lostReason: string | null = null;
  private disposed = false;

  constructor(adapter: GPUAdapter, private readonly device: GPUDevice, poolCapBytes: number) {
    const adapterInfo = adapter.info;
    // Dawn reports isFallbackAdapter on the info, browsers (formerly) on the adapter
    const isFallback =
      (adapterInfo as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      false;
    const limits = device.limits;
    this.maxBufferBytes = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
    this.info = {
      name: NAME,
      precision: 'f32',
      device: `${adapterInfo.vendor || 'unknown'}/${adapterInfo.architecture || 'unknown'}`,
      adapter: {
        vendor: adapterInfo.vendor,
        architecture: adapterInfo.architecture,
        device: adapterInfo.device,
        description: adapterInfo.description,
        isFallback,
      },
      limits: {
        maxBufferSize: limits.maxBufferSize,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      },
      // a GPU's memory is not known through WebGPU: assume a few of the largest buffers
      memory: { maxBufferBytes: this.maxBufferBytes, maxTotalBytes: 4 * this.maxBufferBytes },
    };
    this.limits = {
      backend: NAME,
      kernels: new Set(WEBGPU_KERNELS),
      maxElements: Math.floor(this.maxBufferBytes / BYTES_PER_ELEMENT),
      maxIndex: MAX_F32_INDEX,
      maxBsplineKnots: MAX_BSPLINE_KNOTS,
      maxBasisDegree: MAX_BASIS_CONTRACT_DEGREE,
      maxBasisValues: MAX_BASIS_CONTRACT_VALUES,
      maxJacobiN: MAX_JACOBI_N,
    };
    this.pipelines = new PipelineCache(device);
    const storageUsage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.storagePool = new BufferPool(device, storageUsage, poolCapBytes, this.maxBufferBytes, 'kanntk storage');
    this.uniformPool = new BufferPool(
      device, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 1024 * UNIFORM_BYTES, UNIFORM_BYTES, 'kanntk params',
    );
    this.stagingPool = new BufferPool(
      device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, poolCapBytes / 4, limits.maxBufferSize, 'kanntk read-back',
    );
    this.batch = new CommandBatch(device, MAX_PENDING_DISPATCHES);
    device.onuncapturederror = (event) => {
      this.gpuError ??= event.error.message;
    };
    void device.lost.then((info) => {
      if (!this.disposed) this.lostReason = `${info.reason}: ${info.message}`;
    });
  }

  /** Compiles every shader variant (in parallel); run() then never waits for a compile. */
  async compileAll(): Promise<void> {
    await Promise.all(allShaderVariants().map((variant) => this.pipelines.prepare(variant)));
  }

  alloc(length: number): DeviceBuffer {
    this.assertAlive();
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new KanntkError(`alloc: length ${length} is not a non-negative integer`);
    }
    const bytes = length * BYTES_PER_ELEMENT;
    if (bytes > this.maxBufferBytes) {
      throw new KanntkError(
        `alloc: ${length} f32 elements (${bytes} bytes) exceed the device limit of ${this.maxBufferBytes} bytes ` +
          '(min of maxBufferSize and maxStorageBufferBindingSize)',
      );
    }
    const gpuBuffer = this.storagePool.acquire(bytes);
    this.liveBuffers++;
    this.liveBytes += gpuBuffer.size;
    return new DeviceBuffer(length, NAME, gpuBuffer);
  }

  upload(data: ArrayLike<number>): DeviceBuffer {
    const buf = this.alloc(data.length);
    if (data.length > 0) {
      const values = data instanceof Float32Array ? data : Float32Array.from(data);
      // No flush needed: the buffer came from the pool only after every submit that used it,
      // so no pending command can see this write out of order.
      this.device.queue.writeBuffer(gpuBufferOf(buf), 0, values.buffer, values.byteOffset, values.byteLength);
    }
    return buf;
  }

  async read(buf: DeviceBuffer): Promise<Float64Array> {
    this.assertAlive();
    buf.assertUsable(NAME);
    const bytes = buf.length * BYTES_PER_ELEMENT;
    if (bytes === 0) {
      this.batch.submit();
      return new Float64Array(0);
    }
    const staging = this.stagingPool.acquire(bytes);
    this.batch.commandEncoder().copyBufferToBuffer(gpuBufferOf(buf), 0, staging, 0, bytes);
    this.batch.submit();
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (error) {
      throw new KanntkError(`read of buffer #${buf.id} failed: ${this.lostReason ?? (error as Error).message}`);
    }
    const values = Float64Array.from(new Float32Array(staging.getMappedRange(0, bytes)));
    staging.unmap();
    this.stagingPool.release(staging);
    this.throwGpuError();
    return values;
  }

  free(buf: DeviceBuffer): void {
    this.assertAlive();
    buf.assertUsable(NAME);
    buf.markFreed();
    const gpuBuffer = gpuBufferOf(buf);
    this.liveBuffers--;
    this.liveBytes -= gpuBuffer.size;
    this.releasingBytes += gpuBuffer.size;
    this.batch.afterSubmit(() => {
      this.releasingBytes -= gpuBuffer.size;
      this.storagePool.release(gpuBuffer);
    });
  }

  supports(kind: KernelKind): boolean {
    return this.limits.kernels.has(kind);
  }

  run(call: KernelCall): void {
    this.assertAlive();
    validateCall(call, this.limits);
    if (call.kind === 'jacobiSweeps') {
      this.runSequence(planJacobiSweeps(call));
      return;
    }
    // validateCall has rejected the wasm-only kinds
    const plan = planDispatch(call as SingleDispatchCall);
    if (plan.workgroups === 0) return;
    const grid = this.grid(plan.workgroups);
    const output = gpuBufferOf(plan.output);
    const inputs = plan.inputs.map(gpuBufferOf);
    if (!plan.inputs.includes(plan.output)) {
      this.dispatchOnce(plan.variant, inputs, output, plan.uniforms, grid);
      return;
    }
    // WebGPU cannot bind one buffer as both read-only input and output of a dispatch:
    // write into a copy of the output (so elements the kernel skips keep their values),
    // then copy back. Semantics: all inputs are read before the output is written.
    const bytes = plan.output.length * BYTES_PER_ELEMENT;
    const scratch = this.storagePool.acquire(bytes);
    this.batch.commandEncoder().copyBufferToBuffer(output, 0, scratch, 0, bytes);
    this.dispatchOnce(plan.variant, inputs, scratch, plan.uniforms, grid);
    this.batch.commandEncoder().copyBufferToBuffer(scratch, 0, output, 0, bytes);
    this.batch.afterSubmit(() => this.storagePool.release(scratch));
  }

  flush(): void {
    this.assertAlive();
    this.batch.submit();
  }

  stats(): MemoryStats {
    return {
      liveBuffers: this.liveBuffers,
      liveBytes: this.liveBytes,
      pooledBytes: this.storagePool.pooledBytes + this.releasingBytes,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.storagePool.clear();
    this.uniformPool.clear();
    this.stagingPool.clear();
    this.device.destroy();
  }

  /** Records one dispatch writing into `output`, with its own Params uniform buffer. */
  private dispatchOnce(
    variant: ShaderVariant, inputs: GPUBuffer[], output: GPUBuffer, uniformBytes: ArrayBuffer, grid: [number, number],
  ): void {
    const uniforms = this.writeUniforms(uniformBytes);
    this.encodeDispatch(variant, inputs, [output], uniforms, grid);
    this.batch.afterSubmit(() => this.uniformPool.release(uniforms));
  }

  /**
   * Records the steps of `seq` in order into the batch (which may submit on its own
   * between them: later submits run after earlier ones, so the order holds). The scratch
   * buffer and each uniform buffer go back to their pools after the submit of their last use.
   */
  private runSequence(seq: KernelSequence): void {
    const scratch = seq.scratchLength > 0 ? this.storagePool.acquire(seq.scratchLength * BYTES_PER_ELEMENT) : null;
    const resolve = (buf: DeviceBuffer | typeof SCRATCH): GPUBuffer => {
      if (buf !== SCRATCH) return gpuBufferOf(buf);
      if (!scratch) throw new KanntkError('internal: a kernel step uses a scratch buffer its plan did not size');
      return scratch;
    };
    let uniformBytes: ArrayBuffer | null = null;
    let uniforms: GPUBuffer | null = null;
    const releaseUniforms = () => {
      const done = uniforms;
      if (done) this.batch.afterSubmit(() => this.uniformPool.release(done));
    };
    try {
      for (const step of seq.steps) {
        if (step.uniforms !== uniformBytes) {
          releaseUniforms();
          uniformBytes = step.uniforms;
          uniforms = this.writeUniforms(step.uniforms);
        }
        this.encodeDispatch(step.variant, step.inputs.map(resolve), step.outputs.map(resolve), uniforms!, this.grid(step.workgroups));
      }
    } finally {
      releaseUniforms();
      if (scratch) this.batch.afterSubmit(() => this.storagePool.release(scratch));
    }
  }

  /** A pooled Params uniform buffer holding `bytes`; the caller releases it after the submit that uses it. */
  private writeUniforms(bytes: ArrayBuffer): GPUBuffer {
    const uniforms = this.uniformPool.acquire(UNIFORM_BYTES);
    this.device.queue.writeBuffer(uniforms, 0, bytes);
    return uniforms;
  }

  private grid(workgroups: number): [number, number] {
    return dispatchGrid(workgroups, this.device.limits.maxComputeWorkgroupsPerDimension);
  }

  /**
   * Records one dispatch of `variant` binding `inputs`, `outputs` and `uniforms`.
   * The uniform buffer must be released by the caller (after the submit).
   */
  private encodeDispatch(
    variant: ShaderVariant, inputs: GPUBuffer[], outputs: GPUBuffer[], uniforms: GPUBuffer, [x, y]: [number, number],
  ): void {
    const buffers = [...inputs, ...outputs, uniforms];
    const bindGroup = this.device.createBindGroup({
      layout: this.pipelines.layoutFor(variant.inputCount, variant.outputCount).bindGroupLayout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = this.batch.computePass();
    pass.setPipeline(this.pipelines.get(variant));
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
    this.batch.dispatched();
  }

  private assertAlive(): void {
    if (this.disposed) throw new KanntkError('webgpu backend used after dispose()');
    if (this.lostReason) throw new KanntkError(`webgpu device lost (${this.lostReason})`);
  }

  private throwGpuError(): void {
    if (this.gpuError === null) return;
    const message = this.gpuError;
    this.gpuError = null;
    throw new KanntkError(`WebGPU reported an error: ${message}`);
  }
}

function gpuBufferOf(buf: DeviceBuffer): GPUBuffer {
  return buf.handle as GPUBuffer;
}

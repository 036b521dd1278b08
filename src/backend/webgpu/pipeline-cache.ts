// Compiled compute pipelines, one per shader variant key, with explicit bind-group
// layouts: bindings 0..inputCount-1 are read-only storage (the inputs), then the
// read-write outputs (one for most kernels), then the Params uniform.
// Compiling is asynchronous (createComputePipelineAsync) and de-duplicated while in
// flight; because Backend.run is synchronous, the backend compiles every variant up
// front, and get() falls back to a synchronous compile for anything missing.

import { KanntkError } from '../../errors.js';
import { renderShader } from './shader-template.js';
import type { ShaderVariant } from './shader-variants.js';

export interface PipelineLayouts {
  bindGroupLayout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
}

export class PipelineCache {
  private readonly ready = new Map<string, GPUComputePipeline>();
  private readonly inFlight = new Map<string, Promise<GPUComputePipeline>>();
  private readonly layouts = new Map<string, PipelineLayouts>();

  constructor(private readonly device: GPUDevice) {}

  /** The bind-group layout shared by all variants with `inputCount` inputs and `outputCount` outputs. */
  layoutFor(inputCount: number, outputCount = 1): PipelineLayouts {
    const key = `${inputCount}:${outputCount}`;
    let found = this.layouts.get(key);
    if (!found) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let b = 0; b < inputCount; b++) {
        entries.push({ binding: b, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
      }
      for (let b = inputCount; b < inputCount + outputCount; b++) {
        entries.push({ binding: b, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
      }
      entries.push({ binding: inputCount + outputCount, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } });
      const label = `kanntk ${inputCount}-input ${outputCount}-output layout`;
      const bindGroupLayout = this.device.createBindGroupLayout({ entries, label });
      const pipelineLayout = this.device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
      found = { bindGroupLayout, pipelineLayout };
      this.layouts.set(key, found);
    }
    return found;
  }

  /** Compiles `variant` asynchronously (once, however often it is asked for). */
  prepare(variant: ShaderVariant): Promise<GPUComputePipeline> {
    const done = this.ready.get(variant.key);
    if (done) return Promise.resolve(done);
    let compiling = this.inFlight.get(variant.key);
    if (!compiling) {
      compiling = this.device
        .createComputePipelineAsync(this.descriptor(variant))
        .then((pipeline) => {
          if (!this.ready.has(variant.key)) this.ready.set(variant.key, pipeline);
          return this.ready.get(variant.key)!;
        })
        .catch((error: unknown) => {
          throw new KanntkError(`WebGPU could not compile shader ${variant.key}: ${(error as Error).message ?? error}`);
        })
        .finally(() => this.inFlight.delete(variant.key));
      this.inFlight.set(variant.key, compiling);
    }
    return compiling;
  }

  /** The pipeline of `variant`, compiled synchronously if it is not ready yet. */
  get(variant: ShaderVariant): GPUComputePipeline {
    let pipeline = this.ready.get(variant.key);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline(this.descriptor(variant));
      this.ready.set(variant.key, pipeline);
    }
    return pipeline;
  }

  private descriptor(variant: ShaderVariant): GPUComputePipelineDescriptor {
    const code = renderShader(variant.source, variant.defines, variant.key);
    const module = this.device.createShaderModule({ code, label: variant.key });
    return {
      label: variant.key,
      layout: this.layoutFor(variant.inputCount, variant.outputCount).pipelineLayout,
      compute: { module, entryPoint: 'main' },
    };
  }
}

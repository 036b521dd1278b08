// What belongs to the WebGPU backend alone (its kernels are tested in
// conformance/), on SwiftShader when there is no GPU; a missing adapter fails
// the suite, it is never skipped: the adapter and its limits, the pipelines
// compiled at start-up, device limits, in-place element-wise calls (WebGPU
// cannot bind one buffer as input and output), and a missing adapter.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KERNEL_KINDS } from '../../src/backend/kernels.js';
import { KanntkError } from '../../src/errors.js';
import { getNodeGPU } from '../../src/backend/webgpu/node-gpu.js';
import { createWebGPUBackend } from '../../src/backend/webgpu/webgpu-backend.js';
import { allShaderVariants } from '../../src/backend/webgpu/shader-variants.js';
import { backendEntry } from '../../src/backend/registry.js';

let backend: Backend;
beforeAll(async () => {
  backend = await createWebGPUBackend(await getNodeGPU({ swiftshader: true })); // throws (fails the suite) when no adapter is found
});
afterAll(() => backend?.dispose());

describe('webgpu backend', () => {
  it('reports its adapter, its limits, and the kernels its registry entry lists', () => {
    expect(backend.info.name).toBe('webgpu');
    expect(backend.info.precision).toBe('f32');
    expect(backend.info.device).toMatch(/^[^/]+\/[^/]*$/);
    expect(backend.info.adapter?.vendor).toBeTypeOf('string');
    expect(backend.info.limits!.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(backend.info.limits!.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
    expect(backend.info.memory.maxBufferBytes).toBe(Math.min(backend.info.limits!.maxBufferSize, backend.info.limits!.maxStorageBufferBindingSize));
    for (const kind of KERNEL_KINDS) expect(backend.supports(kind), kind).toBe(backendEntry('webgpu').kernels.includes(kind));
    expect(backend.supports('tridiagonalize')).toBe(false);
  });

  it('compiles every pipeline at start-up, the two Jacobi passes among them', () => {
    const keys = allShaderVariants().map((variant) => variant.key);
    expect(keys).toContain('jacobi:angles');
    expect(keys).toContain('jacobi:rotate');
  });

  it('an output that is also an input (same layout) is read before it is written', async () => {
    const buf = backend.upload([1, 2, 3, 4]);
    backend.run({ kind: 'binary', fn: 'mul', a: buf, b: buf, out: buf, outShape: [4], aStrides: [1], bStrides: [1] });
    backend.run({ kind: 'unary', fn: 'neg', x: buf, out: buf, n: 2, param: 0 });
    expect([...(await backend.read(buf))]).toEqual([-1, -4, 9, 16]);
    backend.free(buf);
  });

  it('refuses sizes over the device limit', () => {
    const limit = backend.info.memory.maxBufferBytes;
    expect(() => backend.alloc(limit / 4 + 1)).toThrow(/exceed the device limit/);
    expect(() => backend.alloc(-1)).toThrow(KanntkError);
  });

  it('no adapter: a KanntkError that says why', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createWebGPUBackend(noAdapter)).rejects.toThrow(/no adapter found/);
  });
});

describe('missingGpuDriver (Linux): Dawn is not asked where no Vulkan driver is installed', () => {
  it('defers to the drivers named by VK_ICD_FILENAMES, and finds manifests under XDG_DATA_DIRS', async () => {
    const { missingGpuDriver } = await import('../../src/backend/webgpu/node-gpu.js');
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const saved = { icd: process.env.VK_ICD_FILENAMES, xdg: process.env.XDG_DATA_DIRS };
    try {
      process.env.VK_ICD_FILENAMES = '/some/driver.json';
      expect(await missingGpuDriver()).toBeNull();
      delete process.env.VK_ICD_FILENAMES;
      const data = mkdtempSync(join(tmpdir(), 'kanntk-xdg-'));
      mkdirSync(join(data, 'vulkan', 'icd.d'), { recursive: true });
      writeFileSync(join(data, 'vulkan', 'icd.d', 'gpu.json'), '{}');
      process.env.XDG_DATA_DIRS = data;
      expect(await missingGpuDriver()).toBeNull();
      process.env.XDG_DATA_DIRS = join(data, 'nothing-here');
      const reason = await missingGpuDriver();
      // a machine with a system-wide driver answers null; one without names where it looked
      if (reason !== null) expect(reason).toMatch(/no Vulkan GPU driver is installed \(no driver manifest in .*nothing-here/);
    } finally {
      if (saved.icd === undefined) delete process.env.VK_ICD_FILENAMES; else process.env.VK_ICD_FILENAMES = saved.icd;
      if (saved.xdg === undefined) delete process.env.XDG_DATA_DIRS; else process.env.XDG_DATA_DIRS = saved.xdg;
    }
  });
});

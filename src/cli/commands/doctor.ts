// `kanntk doctor`: which backends work here, what adapter WebGPU finds, and
// for a backend that does not work, why and how to fix it.

import { existsSync } from 'node:fs';
import type { Backend } from '../../backend/backend.js';
import { createWasmBackend } from '../../backend/wasm/wasm-backend.js';
import { createWebGPUBackend } from '../../backend/webgpu/webgpu-backend.js';
import { getNodeGPU, swiftshaderAvailable, SWIFTSHADER_LIBRARY } from '../../backend/webgpu/node-gpu.js';
import { createEngine, isEmulatedAdapter } from '../../engine.js';

export interface BackendReport {
  ok: boolean;
  device?: string;
  precision?: string;
  adapter?: Backend['info']['adapter'];
  limits?: Backend['info']['limits'];
  emulated?: boolean;
  /** Why it does not work, and what would fix it. */
  reason?: string;
  fix?: string;
}

export interface DoctorReport {
  node: string;
  platform: string;
  wasm: BackendReport;
  webgpu: BackendReport & { route?: 'native' | 'swiftshader'; native?: BackendReport };
  auto: { backend: string; reason: string };
}

/** Runs a 2×2 matrix product and checks the answer: a backend that starts but computes wrongly is not OK. */
async function selfTest(backend: Backend): Promise<void> {
  const a = backend.upload([1, 2, 3, 4]);
  const out = backend.alloc(4);
  backend.run({ kind: 'matmul', a, b: a, out, batch: 1, m: 2, k: 2, n: 2, aStrides: [0, 2, 1], bStrides: [0, 2, 1] });
  const got = Array.from(await backend.read(out));
  backend.free(a);
  backend.free(out);
  if (got.join() !== '7,10,15,22') throw new Error(`self-test 2×2 matmul gave [${got}] instead of [7,10,15,22]`);
}

function describeBackend(backend: Backend): BackendReport {
  const { device, precision, adapter, limits } = backend.info;
  return { ok: true, device, precision, adapter, limits, emulated: isEmulatedAdapter(backend) };
}

async function probe(start: () => Promise<Backend>): Promise<BackendReport> {
  try {
    const backend = await start();
    try {
      await selfTest(backend);
      return describeBackend(backend);
    } finally {
      backend.dispose();
    }
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

const LIBVULKAN_PATHS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'];

/** A fix for a missing native adapter, from what is (not) installed. */
function nativeFix(): string {
  if (process.platform === 'linux' && !LIBVULKAN_PATHS.some(existsSync)) {
    return 'the Vulkan loader is missing: install it (Debian: apt-get install libvulkan1) and a driver for your GPU';
  }
  return 'no Vulkan driver found a GPU: install your GPU vendor\'s Vulkan driver (Debian: mesa-vulkan-drivers, or the NVIDIA driver); ' +
    `without a GPU, install Debian's chromium package and use --backend webgpu, which then runs on SwiftShader (${SWIFTSHADER_LIBRARY})`;
}

export async function runDoctor(): Promise<DoctorReport> {
  const wasm = await probe(() => createWasmBackend());
  if (!wasm.ok) wasm.fix = 'the WebAssembly core failed to start: check that this runtime supports WebAssembly SIMD (Node ≥ 16.4)';

  const native = await probe(async () => createWebGPUBackend(await getNodeGPU({ swiftshader: false })));
  let webgpu: DoctorReport['webgpu'];
  if (native.ok) {
    webgpu = { ...native, route: 'native' };
  } else if (await swiftshaderAvailable()) {
    const viaSwiftshader = await probe(async () => createWebGPUBackend(await getNodeGPU({ swiftshader: true })));
    webgpu = { ...viaSwiftshader, route: 'swiftshader', native: { ...native, fix: nativeFix() } };
    if (!viaSwiftshader.ok) webgpu.fix = 'SwiftShader is installed but Dawn could not use it; install libvulkan1 and check /usr/lib/chromium';
  } else {
    webgpu = { ...native, fix: nativeFix() };
  }

  let auto: DoctorReport['auto'];
  try {
    const engine = await createEngine({ backend: 'auto' });
    auto = { backend: engine.backend.info.name, reason: engine.reason };
    engine.dispose();
  } catch (err) {
    auto = { backend: 'none', reason: (err as Error).message };
  }
  return { node: process.version, platform: `${process.platform}-${process.arch}`, wasm, webgpu, auto };
}

/** The report as a few human-readable lines. */
export function formatDoctor(r: DoctorReport): string {
  const lines: string[] = [];
  const line = (name: string, b: BackendReport, extra = '') =>
    lines.push(b.ok ? `${name.padEnd(7)} OK   ${b.device} (${b.precision})${extra}` : `${name.padEnd(7)} FAIL ${b.reason}`);
  line('wasm', r.wasm);
  if (r.webgpu.native && !r.webgpu.native.ok) {
    lines.push(`webgpu  (native) no adapter: ${r.webgpu.native.reason}`);
    lines.push(`        fix: ${r.webgpu.native.fix}`);
  }
  line('webgpu', r.webgpu, r.webgpu.route === 'swiftshader' ? ' via SwiftShader, a CPU emulator: correct but slow' : '');
  if (r.webgpu.ok && r.webgpu.limits) {
    const l = r.webgpu.limits;
    lines.push(`        limits: maxBufferSize ${l.maxBufferSize}, maxStorageBufferBindingSize ${l.maxStorageBufferBindingSize}, workgroup storage ${l.maxComputeWorkgroupStorageSize} B`);
  }
  if (!r.webgpu.ok && r.webgpu.fix) lines.push(`        fix: ${r.webgpu.fix}`);
  lines.push(`auto    → ${r.auto.backend}: ${r.auto.reason}`);
  return lines.join('\n');
}

// `kanntk doctor`: which registered backends work here, what adapter WebGPU
// finds, and for a backend that does not work, why and how to fix it.

import { existsSync } from 'node:fs';
import type { Backend } from '../../backend/backend.js';
import { BACKENDS, type BackendEntry } from '../../backend/registry.js';
import { SWIFTSHADER_LIBRARY } from '../../backend/webgpu/node-gpu.js';
import { createEngine, isEmulatedAdapter } from '../../engine.js';

export interface BackendReport {
  ok: boolean;
  device?: string;
  precision?: string;
  adapter?: Backend['info']['adapter'];
  limits?: Backend['info']['limits'];
  emulated?: boolean;
  /** CPU backends: threads for big kernels, and why not more. */
  threads?: Backend['info']['threads'];
  /** Why it does not work, and what would fix it. */
  reason?: string;
  fix?: string;
  /** The route that worked (e.g. 'native' or 'swiftshader' for webgpu), and the ones that failed before it. */
  route?: string;
  failedRoutes?: Record<string, BackendReport>;
}

export interface DoctorReport {
  node: string;
  platform: string;
  /** One report per registered backend, by name (wasm, webgpu, …). */
  [backend: string]: BackendReport | string | { backend: string; reason: string };
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

async function probe(start: () => Promise<Backend>): Promise<BackendReport> {
  try {
    const backend = await start();
    try {
      await selfTest(backend);
      const { device, precision, adapter, limits, threads } = backend.info;
      return { ok: true, device, precision, adapter, limits, emulated: isEmulatedAdapter(backend), ...(threads ? { threads } : {}) };
    } finally {
      backend.dispose();
    }
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

const LIBVULKAN_PATHS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'];

/** What would fix a failed route, from what is (not) installed. */
function fixFor(backend: string, route: string | undefined): string {
  if (backend === 'wasm') return 'the WebAssembly core failed to start: check that this runtime supports WebAssembly SIMD (Node ≥ 16.4)';
  if (route === 'swiftshader') return 'SwiftShader is installed but Dawn could not use it; install libvulkan1 and check /usr/lib/chromium';
  if (process.platform === 'linux' && !LIBVULKAN_PATHS.some(existsSync)) {
    return 'the Vulkan loader is missing: install it (Debian: apt-get install libvulkan1) and a driver for your GPU';
  }
  return 'no Vulkan driver found a GPU: install your GPU vendor\'s Vulkan driver (Debian: mesa-vulkan-drivers, or the NVIDIA driver); ' +
    `without a GPU, install Debian's chromium package and use --backend webgpu, which then runs on SwiftShader (${SWIFTSHADER_LIBRARY})`;
}

/** Tries a backend's routes in order; the first that works is the report, the failures before it are kept. */
async function diagnose(entry: BackendEntry): Promise<BackendReport> {
  const routes = entry.routes ?? [{ name: 'default', available: async () => true, start: () => entry.start({}) }];
  const failed: Record<string, BackendReport> = {};
  let last: BackendReport = { ok: false, reason: 'no way to start it here' };
  let lastRoute: string | undefined;
  for (const route of routes) {
    if (!(await route.available())) continue;
    last = await probe(() => route.start());
    lastRoute = route.name;
    if (!last.ok) {
      failed[route.name] = { ...last, fix: fixFor(entry.name, route.name) };
      continue;
    }
    const named = entry.routes ? { route: route.name } : {};
    return Object.keys(failed).length ? { ...last, ...named, failedRoutes: failed } : { ...last, ...named };
  }
  // nothing worked: the last failure is the report, earlier ones are listed when there were several
  return { ...last, fix: fixFor(entry.name, lastRoute), ...(Object.keys(failed).length > 1 ? { failedRoutes: failed } : {}) };
}

export async function runDoctor(): Promise<DoctorReport> {
  const report: DoctorReport = { node: process.version, platform: `${process.platform}-${process.arch}`, auto: { backend: 'none', reason: '' } };
  for (const entry of BACKENDS) report[entry.name] = await diagnose(entry);
  try {
    const engine = await createEngine({ backend: 'auto' });
    report.auto = { backend: engine.backend.info.name, reason: engine.reason };
    engine.dispose();
  } catch (err) {
    report.auto = { backend: 'none', reason: (err as Error).message };
  }
  return report;
}

/** The report as a few human-readable lines. */
export function formatDoctor(r: DoctorReport): string {
  const lines: string[] = [];
  for (const entry of BACKENDS) {
    const b = r[entry.name] as BackendReport;
    const name = entry.name.padEnd(7);
    for (const [route, f] of Object.entries(b.failedRoutes ?? {})) {
      lines.push(`${name} (${route}) ${f.reason}`);
      if (f.fix) lines.push(`        fix: ${f.fix}`);
    }
    if (!b.ok) {
      lines.push(`${name} FAIL ${b.reason}`);
      if (b.fix && !b.failedRoutes) lines.push(`        fix: ${b.fix}`);
      continue;
    }
    const emulated = b.emulated ? ` via ${b.route === 'swiftshader' ? 'SwiftShader' : 'an emulator'}, a CPU emulator: correct but slow` : '';
    lines.push(`${name} OK   ${b.device} (${b.precision})${emulated}`);
    if (b.threads) lines.push(`        threads: ${b.threads.count} (${b.threads.reason})`);
    if (b.limits) {
      const l = b.limits;
      lines.push(`        limits: maxBufferSize ${l.maxBufferSize}, maxStorageBufferBindingSize ${l.maxStorageBufferBindingSize}, workgroup storage ${l.maxComputeWorkgroupStorageSize} B`);
    }
  }
  lines.push(`auto    → ${r.auto.backend}: ${r.auto.reason}`);
  return lines.join('\n');
}

// The GPU object outside browsers: Dawn from the `webgpu` npm package, loaded on
// demand so a browser bundle that never calls getNodeGPU does not pull it (or
// Node's fs/os/path) in. Without a GPU, Dawn finds no Vulkan driver; SwiftShader,
// the CPU Vulkan driver shipped in Debian's chromium package, fills in.

import { KanntkError } from '../../errors.js';
import { importNode } from '../../import-node.js';

/** Where Debian's chromium package installs SwiftShader's Vulkan driver. */
export const SWIFTSHADER_LIBRARY = '/usr/lib/chromium/libvk_swiftshader.so';

export interface NodeGPUOptions {
  /** Route Dawn to SwiftShader (CPU Vulkan) through VK_ICD_FILENAMES. */
  swiftshader?: boolean;
}

/** One GPU object per route (plain, SwiftShader). */
const created = new Map<boolean, GPU>();


/** Where the Vulkan loader looks for driver manifests (ICDs) on Linux. */
const ICD_FOLDERS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/**
 * Why Dawn cannot find a GPU here, or null when it may: on Linux, a machine with no Vulkan driver
 * manifest has no GPU driver, and asking Dawn anyway only prints the loader's warnings on stderr.
 * Elsewhere (Metal, D3D12) or when VK_ICD_FILENAMES / VK_DRIVER_FILES name drivers: null.
 */
export async function missingGpuDriver(): Promise<string | null> {
  const proc = (globalThis as { process?: { platform?: string; env: Record<string, string | undefined> } }).process;
  if (!proc || proc.platform !== 'linux' || proc.env.VK_ICD_FILENAMES || proc.env.VK_DRIVER_FILES) return null;
  try {
    const fs = await importNode('node:fs');
    const dataDirs = (proc.env.XDG_DATA_DIRS ?? '').split(':').filter(Boolean).map((d) => `${d}/vulkan/icd.d`);
    const folders = [...new Set([...ICD_FOLDERS, ...dataDirs])];
    const found = folders.some((dir) => fs.existsSync(dir) && (fs.readdirSync(dir) as string[]).some((f) => f.endsWith('.json')));
    return found ? null : `no Vulkan GPU driver is installed (no driver manifest in ${folders.join(', ')})`;
  } catch {
    return null;
  }
}

/** Whether SWIFTSHADER_LIBRARY exists on this machine (false outside Node). */
export async function swiftshaderAvailable(): Promise<boolean> {
  try {
    const fs = await importNode('node:fs');
    return fs.existsSync(SWIFTSHADER_LIBRARY) as boolean;
  } catch {
    return false;
  }
}

/**
 * The WebGPU entry point for Node/Deno, to pass to createWebGPUBackend; one per route.
 * The Vulkan loader reads VK_ICD_FILENAMES when a Dawn instance first looks for
 * adapters, and the SwiftShader route leaves it set, so a plain getNodeGPU() made
 * *after* the SwiftShader one also finds SwiftShader. Trying the plain route first
 * and SwiftShader second works.
 */
export async function getNodeGPU(options: NodeGPUOptions = {}): Promise<GPU> {
  const swiftshader = options.swiftshader ?? false;
  const existing = created.get(swiftshader);
  if (existing) return existing;
  let dawn: { create: (flags: string[]) => GPU; globals: object };
  try {
    dawn = await importNode('webgpu');
  } catch (error) {
    throw new KanntkError(
      `WebGPU for Node needs the 'webgpu' package (Dawn): run \`npm install webgpu\` (${(error as Error).message})`,
    );
  }
  if (swiftshader) await pointVulkanAtSwiftShader();
  // Dawn's GPUBufferUsage, GPUShaderStage, GPUMapMode… are globals in browsers; kanntk uses them as such
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  created.set(swiftshader, gpu);
  return gpu;
}

/** Writes an ICD manifest with SwiftShader's absolute path (the shipped one is relative) and points the loader at it. */
async function pointVulkanAtSwiftShader(): Promise<void> {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  if (!env) throw new KanntkError('getNodeGPU: the SwiftShader route needs process.env (Node or Deno)');
  if (!(await swiftshaderAvailable())) {
    throw new KanntkError(
      `getNodeGPU: SwiftShader not found at ${SWIFTSHADER_LIBRARY} (on Debian/Ubuntu: apt-get install chromium libvulkan1)`,
    );
  }
  const [fs, os, path] = await Promise.all([importNode('node:fs'), importNode('node:os'), importNode('node:path')]);
  const manifest = path.join(os.tmpdir(), 'kanntk-vk-swiftshader-icd.json') as string;
  const icd = { file_format_version: '1.0.0', ICD: { library_path: SWIFTSHADER_LIBRARY, api_version: '1.0.5' } };
  fs.writeFileSync(manifest, JSON.stringify(icd));
  env.VK_ICD_FILENAMES = manifest;
}

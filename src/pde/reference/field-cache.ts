// A disk cache for reference fields: one file per key, <dir>/<pde>-<sha256>.f64,
// written to a temporary name and renamed into place (atomic on POSIX, so a
// concurrent reader sees the old file or the whole new one). A file is used only
// if its header holds the same key and its data the recorded length and SHA-256;
// anything else (truncated, foreign, corrupt) is ignored and recomputed.
// node:fs/os/path/crypto are imported on demand so that browser bundles never
// need them; without them the field is just computed.
//
// Layout: "KNTKREF1" · u32 header length (LE) · header JSON (UTF-8) · zero pad to
// a multiple of 8 · float64 LE data.

import { KanntkError } from '../../errors.js';
import { importNode } from '../../import-node.js';

export interface FieldCacheOptions {
  /** false: always compute, never touch the disk (default true) */
  cache?: boolean;
  /** the cache directory (default $KANNTK_CACHE_DIR, else <os tmpdir>/kanntk-cache) */
  cacheDir?: string;
}

export type FieldSource = 'computed' | 'cache';

const MAGIC = 'KNTKREF1';


interface NodeModules {
  fs: any;
  os: any;
  path: any;
  crypto: any;
}

async function nodeModules(): Promise<NodeModules | undefined> {
  try {
    const [fs, os, path, crypto] = await Promise.all(
      ['node:fs', 'node:os', 'node:path', 'node:crypto'].map(importNode),
    );
    return { fs, os, path, crypto };
  } catch {
    return undefined;
  }
}

/** The directory used for a given option (the env var and tmpdir fallbacks applied); undefined without a filesystem. */
export async function fieldCacheDirectory(options: FieldCacheOptions = {}): Promise<string | undefined> {
  const node = await nodeModules();
  if (!node) return undefined;
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  return options.cacheDir ?? env?.KANNTK_CACHE_DIR ?? node.path.join(node.os.tmpdir(), 'kanntk-cache');
}

/**
 * The field for `key` from the cache, else from compute() (then stored).
 * key must be JSON-serialisable and determine the data completely (pde, parameters,
 * grid, solver settings, solver version); `length` is the expected data length.
 */
export async function cachedField(
  name: string,
  key: unknown,
  length: number,
  compute: () => Float64Array,
  options: FieldCacheOptions = {},
): Promise<{ data: Float64Array; source: FieldSource; file?: string }> {
  if (options.cache === false) return { data: compute(), source: 'computed' };
  const node = await nodeModules();
  const dir = await fieldCacheDirectory(options);
  if (!node || !dir) return { data: compute(), source: 'computed' };
  const { fs, path, crypto } = node;
  const keyText = JSON.stringify(key);
  const digest = crypto.createHash('sha256').update(keyText).digest('hex') as string;
  const file = path.join(dir, `${name}-${digest.slice(0, 32)}.f64`) as string;

  const cached = readCacheFile(fs, crypto, file, keyText, length);
  if (cached) return { data: cached, source: 'cache', file };

  const data = compute();
  if (data.length !== length) throw new KanntkError(`cachedField: computed ${data.length} values, expected ${length}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(temp, encode(crypto, keyText, data));
    fs.renameSync(temp, file);
  } catch {
    // an unwritable cache only costs the next call a recomputation
  }
  return { data, source: 'computed', file };
}

function sha256(crypto: any, bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function encode(crypto: any, keyText: string, data: Float64Array): Uint8Array {
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const header = new TextEncoder().encode(JSON.stringify({ key: keyText, length: data.length, sha256: sha256(crypto, body) }));
  const start = Math.ceil((12 + header.length) / 8) * 8;
  const out = new Uint8Array(start + data.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  const view = new DataView(out.buffer, start);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i], true);
  return out;
}

/** The cached data, or undefined if the file is missing or does not check out. */
function readCacheFile(fs: any, crypto: any, file: string, keyText: string, length: number): Float64Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch {
    return undefined;
  }
  try {
    if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return undefined;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = dv.getUint32(8, true);
    if (12 + headerLength > bytes.length) return undefined;
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
    const start = Math.ceil((12 + headerLength) / 8) * 8;
    if (header.key !== keyText || header.length !== length || bytes.length !== start + 8 * length) return undefined;
    const data = new Float64Array(length);
    for (let i = 0; i < length; i++) data[i] = dv.getFloat64(start + 8 * i, true);
    const body = new Uint8Array(data.buffer);
    if (sha256(crypto, body) !== header.sha256) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

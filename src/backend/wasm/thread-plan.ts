// How many threads the wasm core uses here, and why not more. Threads need
// shared WebAssembly memory and a way to start workers on it synchronously
// waited for: Node's worker_threads (Atomics.wait is allowed on its main
// thread). Browsers and Deno run one thread for now; the reason says so.

import { KanntkError } from '../../errors.js';
import { importNode, isDeno, isNodeLike } from '../../import-node.js';

export interface ThreadPlan {
  count: number;
  reason: string;
}

/** More threads than this gain nothing on the core's kernel sizes. */
const MAX_THREADS = 16;

/** Why this runtime cannot run the core on several threads, or null if it can. */
function missingSupport(): string | null {
  if (isDeno()) return 'Deno runs the core on one thread (worker threads for it are wired up in Node only)';
  if (!isNodeLike()) return 'browsers run the core on one thread (worker threads for it are wired up in Node only)';
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 'this runtime has no SharedArrayBuffer';
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return 'this runtime has no shared WebAssembly memory';
  }
  return null;
}

function parseCount(value: number | string, from: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new KanntkError(`${from}: expected a whole number of threads from 1 to ${MAX_THREADS} or 'auto', got '${value}'`);
  }
  return n;
}

/** The plan for `threads` (a count or 'auto'; KANNTK_THREADS in the environment stands in for 'auto'). */
export async function threadPlan(threads: number | 'auto'): Promise<ThreadPlan> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.KANNTK_THREADS;
  const asked = threads !== 'auto' ? parseCount(threads, 'threads') : env !== undefined && env !== '' && env !== 'auto' ? parseCount(env, 'KANNTK_THREADS') : null;
  if (asked === 1) return { count: 1, reason: threads === 1 ? 'one thread was asked for' : 'KANNTK_THREADS=1' };
  const missing = missingSupport();
  if (missing !== null) {
    if (asked !== null) throw new KanntkError(`${asked} threads were asked for, but ${missing}`);
    return { count: 1, reason: missing };
  }
  if (asked !== null) return { count: asked, reason: threads === 'auto' ? `KANNTK_THREADS=${asked}` : `${asked} threads were asked for` };
  const os = await importNode('node:os');
  const cores: number = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const count = Math.max(1, Math.min(cores, MAX_THREADS));
  return { count, reason: count === 1 ? 'this machine has one core' : `one per core (${cores} cores)` };
}

// How many threads the wasm core uses here, and why not more. Threads need
// shared WebAssembly memory, workers to start on it, and a calling thread that
// may block while they work (Atomics.wait): Node's worker_threads (its main
// thread may block), or Web Workers started from a Worker of a
// cross-origin-isolated page. A page's own main thread may not block, and
// Deno's workers are not wired up yet: one thread there, with the reason.

import { KanntkError } from '../../errors.js';
import { importNode, isDeno, isNodeLike } from '../../import-node.js';
import type { WorkerFlavour } from './thread-pool.js';

export interface ThreadPlan {
  count: number;
  reason: string;
  /** Where the workers come from (absent for one thread). */
  flavour?: WorkerFlavour;
}

/** More threads than this gain nothing on the core's kernel sizes. */
const MAX_THREADS = 16;

interface WebScope {
  crossOriginIsolated?: boolean;
  WorkerGlobalScope?: unknown;
  Worker?: unknown;
  navigator?: { hardwareConcurrency?: number };
}

function sharedMemoryMissing(): string | null {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 'this runtime has no SharedArrayBuffer';
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return 'this runtime has no shared WebAssembly memory';
  }
  return null;
}

/** The kind of workers this runtime can start for the core, or why none. */
function support(): { flavour: WorkerFlavour; cores: () => Promise<number> } | { missing: string } {
  if (isDeno()) return { missing: 'Deno runs the core on one thread (its worker threads are not wired up yet)' };
  if (isNodeLike()) {
    const missing = sharedMemoryMissing();
    if (missing) return { missing };
    return {
      flavour: 'node',
      cores: async () => {
        const os = await importNode('node:os');
        return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
      },
    };
  }
  const scope = globalThis as WebScope;
  if (scope.crossOriginIsolated !== true) {
    return { missing: 'the page is not cross-origin isolated (COOP/COEP headers), which shared memory needs' };
  }
  if (typeof scope.WorkerGlobalScope === 'undefined') {
    return { missing: "a page's main thread may not wait for workers: run kanntk in a Worker for threads" };
  }
  if (typeof scope.Worker !== 'function') return { missing: 'this Worker cannot start workers of its own' };
  const missing = sharedMemoryMissing();
  if (missing) return { missing };
  return { flavour: 'web', cores: async () => scope.navigator?.hardwareConcurrency ?? 1 };
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
  const here = support();
  if ('missing' in here) {
    if (asked !== null) throw new KanntkError(`${asked} threads were asked for, but ${here.missing}`);
    return { count: 1, reason: here.missing };
  }
  if (asked !== null) return { count: asked, flavour: here.flavour, reason: threads === 'auto' ? `KANNTK_THREADS=${asked}` : `${asked} threads were asked for` };
  const cores = await here.cores();
  const count = Math.max(1, Math.min(cores, MAX_THREADS));
  return count === 1 ? { count, reason: 'this machine has one core' } : { count, flavour: here.flavour, reason: `one per core (${cores} cores)` };
}

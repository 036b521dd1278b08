// Worker threads that run slices of one kernel call on the core's shared memory.
//
// Each worker instantiates the threaded core (build/core-threads.wasm) on the
// same shared WebAssembly.Memory as the calling thread, then waits on a small
// control block (a SharedArrayBuffer). A parallel call writes one argument
// list per thread, bumps the sequence number and runs slice 0 itself; the
// workers run theirs and count themselves done. The calling thread blocks in
// Atomics.wait until they have, so kernel calls stay synchronous.
//
// Workers start in the background: until all have instantiated the core,
// calls run on the calling thread alone (the results are the same, the
// slices only divide the work). Node's worker_threads, or Web Workers where
// the calling thread may block (a Worker of a cross-origin-isolated page).

import { KanntkError } from '../../errors.js';
import { importNode } from '../../import-node.js';

/** Core exports a worker can run, by index in the control block. */
export const PARALLEL_OPS = ['matmul', 'basisContract', 'unary', 'binary', 'reduce', 'copy', 'fill', 'bspline', 'tridiagonalize'] as const;
export type ParallelOp = (typeof PARALLEL_OPS)[number];

// Control block: i32 slots, then the argument lists (f64) from ARGS_BYTE.
const SEQ = 0; // bumped once per parallel call
const OP = 1; // index in PARALLEL_OPS, or -1 to stop
const USED = 2; // threads that have a slice in this call (slice 0 is the caller's)
const DONE = 3; // workers finished with this call
const READY = 4; // workers that have instantiated the core
const FAILED = 5; // 1 when a worker's slice threw
const MESSAGE = 16; // the failed slice's message, one UTF-16 unit per slot
const MESSAGE_SLOTS = 240;
const ARGS_BYTE = 1024;
/** f64 slots per thread's argument list (basisContract takes 21). */
export const ARG_SLOTS = 24;
/**
 * How long a waiting thread spins on the control block before it sleeps. Kernel calls come in
 * bursts with host work between them; a worker that slept would be woken onto the caller's core
 * by the scheduler (and moved back later), so it spins through the gaps of a burst instead.
 */
const SPIN_MS = 2;

/** The worker's program: instantiate the core on the shared memory, then serve calls forever. */
const WORKER_LOOP = `
function serve({ module, memory, control, index, ops, nWorkers }) {
  const ctl = new Int32Array(control);
  const args = new Float64Array(control, ${ARGS_BYTE} + index * ${ARG_SLOTS} * 8, ${ARG_SLOTS});
  let seen = Atomics.load(ctl, ${SEQ});
  const core = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const fns = ops.map((name) => core[name]);
  Atomics.add(ctl, ${READY}, 1);
  for (;;) {
    let seq, spins = 0, since = performance.now();
    while ((seq = Atomics.load(ctl, ${SEQ})) === seen) {
      if ((++spins & 255) === 0 && performance.now() - since > ${SPIN_MS}) {
        Atomics.wait(ctl, ${SEQ}, seen);
        since = performance.now();
      }
    }
    seen = seq;
    const op = Atomics.load(ctl, ${OP});
    if (op < 0) return;
    if (index < Atomics.load(ctl, ${USED})) {
      try {
        const fn = fns[op];
        fn(...args.subarray(0, fn.length));
      } catch (err) {
        if (Atomics.compareExchange(ctl, ${FAILED}, 0, 1) === 0) {
          const text = String(err && err.message || err).slice(0, ${MESSAGE_SLOTS});
          for (let i = 0; i < text.length; i++) ctl[${MESSAGE} + i] = text.charCodeAt(i);
          ctl[${MESSAGE} + text.length] = 0;
        }
      }
    }
    if (Atomics.add(ctl, ${DONE}, 1) + 1 === nWorkers) Atomics.notify(ctl, ${DONE});
  }
}
`;

/** Node: `new Worker(…, { eval: true, workerData })`. */
const NODE_WORKER_SOURCE = `${WORKER_LOOP}\nserve(require('node:worker_threads').workerData);\n`;
/** Web Workers (browsers, from a Blob URL): the set-up arrives as the first message. */
const WEB_WORKER_SOURCE = `${WORKER_LOOP}\nself.onmessage = (event) => serve(event.data);\n`;

/** Where the workers come from: Node's worker_threads, or Web Workers (a Worker or a cross-origin-isolated page). */
export type WorkerFlavour = 'node' | 'web';

/** What the pool needs from a worker of either flavour. */
interface PoolWorker {
  terminate(): unknown;
}

export class ThreadPool {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private workerError: Error | null = null;
  /** Parallel calls run so far. */
  calls = 0;

  private constructor(
    private readonly control: SharedArrayBuffer,
    private readonly workers: PoolWorker[],
  ) {
    this.ctl = new Int32Array(control);
    this.args = new Float64Array(control, ARGS_BYTE);
  }

  /** Threads a parallel call can use: the caller and every worker. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Whether every worker has instantiated the core (until then calls run on the caller alone). */
  get ready(): boolean {
    return Atomics.load(this.ctl, READY) === this.workers.length && this.workerError === null;
  }

  /** Resolves once every worker has joined; rejects after `timeoutMs` or when a worker failed to start. */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!this.ready) {
      if (this.workerError !== null) throw new KanntkError(`wasm: a worker thread did not start (${this.workerError.message})`);
      if (Date.now() - start > timeoutMs) throw new KanntkError(`wasm: the worker threads did not start within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /**
   * Starts `threads - 1` workers on `memory`. Returns without waiting for
   * them; `ready` says when they have joined.
   */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, flavour: WorkerFlavour): Promise<ThreadPool> {
    const nWorkers = threads - 1;
    const control = new SharedArrayBuffer(ARGS_BYTE + threads * ARG_SLOTS * 8);
    const setup = (index: number) => ({ module, memory, control, index, ops: [...PARALLEL_OPS], nWorkers });
    const workers: PoolWorker[] = [];
    let pool: ThreadPool | null = null;
    const failed = (err: unknown) => {
      if (pool) pool.workerError = err instanceof Error ? err : new Error(String((err as { message?: string })?.message ?? err));
    };
    if (flavour === 'node') {
      const { Worker } = await importNode('node:worker_threads');
      for (let index = 1; index <= nWorkers; index++) {
        const worker = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: setup(index) });
        worker.unref(); // idle workers never keep a process alive
        worker.on('error', failed);
        workers.push(worker);
      }
    } else {
      const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: 'text/javascript' }));
      for (let index = 1; index <= nWorkers; index++) {
        const worker = new Worker(url);
        worker.onerror = (event) => failed(event);
        worker.postMessage(setup(index));
        workers.push(worker);
      }
    }
    pool = new ThreadPool(control, workers);
    return pool;
  }

  /**
   * Runs `run(slice 0)` here and `op(slices[t])` on worker t for t ≥ 1, and
   * returns when all are done. slices.length ≤ threads; each list fits ARG_SLOTS.
   */
  run(op: ParallelOp, slices: readonly (readonly number[])[], runHere: (args: readonly number[]) => void): void {
    const { ctl } = this;
    if (slices.length > this.threads) throw new Error(`ThreadPool.run: ${slices.length} slices for ${this.threads} threads`);
    for (let t = 1; t < slices.length; t++) this.args.set(slices[t], t * ARG_SLOTS);
    this.calls++;
    Atomics.store(ctl, OP, PARALLEL_OPS.indexOf(op));
    Atomics.store(ctl, USED, slices.length);
    Atomics.store(ctl, DONE, 0);
    Atomics.add(ctl, SEQ, 1);
    Atomics.notify(ctl, SEQ);
    try {
      runHere(slices[0]);
    } finally {
      this.waitForWorkers();
    }
    if (Atomics.load(ctl, FAILED) !== 0) {
      let text = '';
      for (let i = MESSAGE; i < MESSAGE + MESSAGE_SLOTS && ctl[i] !== 0; i++) text += String.fromCharCode(ctl[i]);
      Atomics.store(ctl, FAILED, 0);
      throw new KanntkError(`wasm ${op}: a worker thread failed (${text})`);
    }
  }

  private waitForWorkers(): void {
    const { ctl } = this;
    const n = this.workers.length;
    let spins = 0, since = performance.now();
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === n) return;
      if (this.workerError !== null) throw new KanntkError(`wasm: a worker thread stopped (${this.workerError.message})`);
      if ((++spins & 255) === 0 && performance.now() - since > SPIN_MS) {
        // bounded sleeps, so that a worker that died is noticed rather than waited for forever
        Atomics.wait(ctl, DONE, done, 1000);
        since = performance.now();
      }
    }
  }

  /** Stops the workers (they finish nothing further). */
  dispose(): void {
    Atomics.store(this.ctl, OP, -1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    for (const w of this.workers) void w.terminate();
  }
}

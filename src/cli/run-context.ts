// What every numeric command shares: the --backend flag, the engine, and
// the "backend" and "timing" fields of its JSON output.

import { createEngine, type BackendChoice, type Engine } from '../engine.js';
import { stringFlag, type ParsedArgs } from './args.js';
import { checkOutputFile } from './output-paths.js';
import { KanntkError } from '../errors.js';
import type { KanModel } from '../kan/model.js';
import { batchBytes } from '../kan/batch-memory.js';
import { bytesPerElement, formatBytes } from '../ntk/memory-guard.js';

export interface RunContext {
  engine: Engine;
  /**
   * Refuses, before any allocation, a job on `points` points that cannot fit the backend's memory
   * (`passes`: ~2 forward, ~6 gradient, ~12 Hessian-vector products); `what` names the job.
   */
  guardBatch(model: KanModel, points: number, passes: number, what: string): void;
  /** Wraps the numerical work so that compute_s measures it alone. */
  compute<T>(fn: () => Promise<T>): Promise<T>;
  /** The "backend" and "timing" fields for the output. */
  report(): { backend: Record<string, unknown>; timing: { total_s: number; compute_s: number } };
}

const started = performance.now();

/** --threads N|auto (the wasm core's threads; auto when absent). */
export function threadsFlag(args: ParsedArgs): number | 'auto' {
  const raw = stringFlag(args, 'threads');
  if (raw === undefined || raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1) throw new KanntkError(`--threads must be a whole number ≥ 1 or auto, got '${raw}'`);
  return n;
}

/**
 * Checks the output paths (--out, --history) before anything runs, then starts the engine.
 * `outIsFolder`: --out names a folder (study), which the caller checks with its default.
 */
export async function startRun(args: ParsedArgs, options: { outIsFolder?: boolean } = {}): Promise<RunContext> {
  const out = stringFlag(args, 'out'), history = stringFlag(args, 'history');
  if (out !== undefined && !options.outIsFolder) checkOutputFile(out, `${args.command} --out`);
  if (history !== undefined) checkOutputFile(history, `${args.command} --history`);
  const choice = (stringFlag(args, 'backend') ?? 'auto') as BackendChoice;
  const engine = await createEngine({ backend: choice, threads: threadsFlag(args) });
  let computeMs = 0;
  return {
    engine,
    guardBatch(model, points, passes, what) {
      const need = batchBytes(model, points, passes, bytesPerElement(engine.backend));
      const have = engine.backend.info.memory.maxTotalBytes;
      if (need > have) {
        throw new KanntkError(`${what}: ${points} points through this model need about ${formatBytes(need)} (an estimate), more than the ${engine.backend.info.name} backend holds (${formatBytes(have)}): use fewer points`);
      }
    },
    async compute(fn) {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        computeMs += performance.now() - t0;
      }
    },
    report() {
      const info = engine.backend.info;
      return {
        backend: {
          name: info.name, precision: info.precision, device: info.device, ...(info.adapter ? { adapter: info.adapter } : {}),
          ...(info.threads ? { threads: info.threads.count, threads_reason: info.threads.reason } : {}), reason: engine.reason,
        },
        timing: { total_s: (performance.now() - started) / 1000, compute_s: computeMs / 1000 },
      };
    },
  };
}

// The messages between the demo page and its Worker (structured-clone plain data).

import type { FunctionName, StudyProtocol } from '../study/protocol.js';
import type { PdeStudyProtocol } from '../study/run-pde-study.js';

export type DemoRequest =
  | { type: 'run'; study: 'function'; protocol: StudyProtocol }
  | { type: 'run'; study: 'pde'; protocol: PdeStudyProtocol }
  /** `kanntk discover` on nPoints samples of a benchmark function */
  | { type: 'run'; study: 'discover'; fn: FunctionName; nPoints: number; seed: number };

export interface DemoBackend {
  name: string;
  device: string;
  precision: string;
  /** why auto chose this backend */
  reason: string;
  /** how many threads the WASM core uses, and why not more */
  threads: string;
}

export type DemoMessage =
  | { type: 'started'; backend: DemoBackend }
  | { type: 'progress'; message: string; done: number; total: number }
  | { type: 'checkpoint'; run: Record<string, string>; checkpoint: unknown }
  | { type: 'run'; record: unknown }
  | { type: 'done'; result: Record<string, unknown> }
  | { type: 'error'; message: string };

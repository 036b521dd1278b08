// The demo's Worker: runs a study off the page's thread on the engine `auto`
// picks (WebGPU on a real GPU, else the WASM core), posting progress, every
// checkpoint and every finished run as they come, then the whole result in the
// form `kanntk study` writes to study.json.

import { createEngine } from '../engine.js';
import { runStudy } from '../study/run-study.js';
import { runPdeStudy } from '../study/run-pde-study.js';
import type { DemoMessage, DemoRequest } from './messages.js';

const post = (message: DemoMessage) => (self as unknown as Worker).postMessage(message);

function threadsNote(): string {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return `1 (WebAssembly threads are not built yet; this page is ${isolated ? '' : 'not '}cross-origin isolated)`;
}

async function run(request: DemoRequest): Promise<void> {
  const started = performance.now();
  const engine = await createEngine({ backend: 'auto' });
  const info = engine.backend.info;
  const backend = { name: info.name, precision: info.precision, device: info.device, reason: engine.reason, threads: threadsNote() };
  post({ type: 'started', backend });
  try {
    const events = {
      progress: (message: string, done: number, total: number) => post({ type: 'progress', message, done, total }),
      onCheckpoint: (run: object, checkpoint: unknown) => post({ type: 'checkpoint', run: run as Record<string, string>, checkpoint }),
      onRun: (record: unknown) => post({ type: 'run', record }),
    };
    const t0 = performance.now();
    const report = request.study === 'pde' ? await runPdeStudy(engine, request.protocol, events) : await runStudy(engine, request.protocol, events);
    const compute = (performance.now() - t0) / 1000;
    // the fields `kanntk study` adds to study.json
    const result = {
      ...report,
      backend: { name: info.name, precision: info.precision, device: info.device, reason: engine.reason },
      timing: { total_s: (performance.now() - started) / 1000, compute_s: compute },
    };
    post({ type: 'done', result });
  } finally {
    engine.dispose();
  }
}

self.onmessage = (event: MessageEvent<DemoRequest>) => {
  run(event.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};

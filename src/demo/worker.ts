// The demo's Worker: runs a study (or discover) off the page's thread on the
// engine `auto` picks (WebGPU on a real GPU, else the WASM core), posting
// progress, every checkpoint and every finished run as they come, then the
// whole result in the form `kanntk study` (or `kanntk discover`) writes.

import { createEngine, type Engine } from '../engine.js';
import { createSeededRandom } from '../math/random.js';
import { evaluateBenchmark } from '../study/benchmark-functions.js';
import { discover } from '../interpret/discover.js';
import { diagramData } from '../interpret/diagram-data.js';
import { runStudy } from '../study/run-study.js';
import { runPdeStudy } from '../study/run-pde-study.js';
import type { DemoMessage, DemoRequest } from './messages.js';

const post = (message: DemoMessage) => (self as unknown as Worker).postMessage(message);

function threadsNote(engine: Engine): string {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads = engine.backend.info.threads;
  if (!threads) return 'none (the GPU computes)';
  return `${threads.count} (${threads.reason}; this page is ${isolated ? '' : 'not '}cross-origin isolated)`;
}

/** `kanntk discover` on samples of a benchmark function, in the form the command writes (report included). */
async function runDiscover(engine: Engine, request: Extract<DemoRequest, { study: 'discover' }>): Promise<Record<string, unknown>> {
  const rng = createSeededRandom(request.seed).fork('demo-discover');
  const x = { shape: [request.nPoints, 2], data: Float64Array.from({ length: 2 * request.nPoints }, () => rng.uniform(-1, 1)) };
  const y = { shape: [request.nPoints, 1], data: evaluateBenchmark(request.fn, x) };
  const stages = ['train', 'prune', 'retrain', 'symbolic', 'tune', 'formula'];
  const r = await discover(engine, x, y, {
    seed: request.seed,
    onStage: (stage, detail) => post({ type: 'progress', message: `${stage}${detail ? `: ${detail}` : ''}`, done: stages.indexOf(stage), total: stages.length }),
  });
  const [a, b] = [r.trained.bind(engine.backend), r.model.bind(engine.backend)];
  try {
    return {
      formula: r.formula.text, latex: r.formula.latex,
      edges: r.choices.map(({ layer, out, in: input, fn, r2, a: ca, b: cb, c, d }) => ({ layer, out, in: input, fn, r2, a: ca, b: cb, c, d })),
      mse: { trained: r.trainedMse, final: r.finalMse },
      widths: { trained: [r.trained.nIn, ...r.trained.layers.map((l) => l.n_out)], pruned: [r.pruned.nIn, ...r.pruned.layers.map((l) => l.n_out)] },
      model: r.model.toJSON(), diagrams: { trained: await diagramData(a, x), final: await diagramData(b, x) },
    };
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function run(request: DemoRequest): Promise<void> {
  const started = performance.now();
  const engine = await createEngine({ backend: 'auto' });
  const info = engine.backend.info;
  const backend = { name: info.name, precision: info.precision, device: info.device, reason: engine.reason, threads: threadsNote(engine) };
  post({ type: 'started', backend });
  try {
    const events = {
      progress: (message: string, done: number, total: number) => post({ type: 'progress', message, done, total }),
      onCheckpoint: (run: object, checkpoint: unknown) => post({ type: 'checkpoint', run: run as Record<string, string>, checkpoint }),
      onRun: (record: unknown) => post({ type: 'run', record }),
    };
    const t0 = performance.now();
    const report = request.study === 'discover' ? await runDiscover(engine, request)
      : request.study === 'pde' ? await runPdeStudy(engine, request.protocol, events) : await runStudy(engine, request.protocol, events);
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

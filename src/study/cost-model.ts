// What a study will cost on this machine, measured before it starts: for each
// model size, a few Adam updates on the protocol's training set and one NTK
// spectrum on its NTK points are timed, and every run is projected as
//   epochs × (time per update) + checkpoints × (time per NTK spectrum).
// The projection is printed at the start, weights the progress bar (a big run
// costs ~20 small ones), and is kept in the result beside the time it took.

import type { Engine } from '../engine.js';
import { createKan } from '../kan/build.js';
import { createSeededRandom } from '../math/random.js';
import { train } from '../train/train-loop.js';
import { adam } from '../train/optimizers/adam.js';
import { ntkSpectrum } from '../ntk/ntk-spectrum.js';
import { INITS, MODELS, type ModelName, type StudyProtocol } from './protocol.js';

export interface ModelCost {
  /** seconds per full-batch Adam update on the training set */
  stepSeconds: number;
  /** seconds per NTK spectrum on the NTK points */
  ntkSeconds: number;
  /** one run of the protocol with this model */
  runSeconds: number;
}

export interface StudyCost {
  perModel: Partial<Record<ModelName, ModelCost>>;
  /** projected seconds of every run, in the order the study runs them (function, model, init) */
  runs: number[];
  totalSeconds: number;
  /** seconds the calibration itself took */
  calibrationSeconds: number;
}

/** Times `steps` Adam updates (after one to warm up; the fastest counts) and one NTK spectrum of each model of the protocol. */
export async function calibrateStudy(engine: Engine, p: StudyProtocol, options: { steps?: number } = {}): Promise<StudyCost> {
  const t0 = performance.now();
  const steps = options.steps ?? 4;
  const nTrain = Math.round(0.8 * p.nPoints);
  const rng = createSeededRandom(p.seed).fork('study-calibration');
  const x = { shape: [nTrain, 2], data: Float64Array.from({ length: 2 * nTrain }, () => rng.uniform(-1, 1)) };
  const y = { shape: [nTrain, 1], data: Float64Array.from({ length: nTrain }, () => rng.uniform(-1, 1)) };
  const ntkPoints = { shape: [p.nNtk, 2], data: x.data.slice(0, 2 * p.nNtk) };
  const checkpoints = p.checkpoints.filter((c) => c <= p.epochs).length;
  const perModel: Partial<Record<ModelName, ModelCost>> = {};
  for (const name of p.models) {
    const bound = createKan({ ...MODELS[name], init: INITS[p.inits[0] ?? 'glorot'], seed: p.seed }).bind(engine.backend);
    const optimizer = adam({ lr: p.lr });
    try {
      // the fastest update between two onStep calls after the first: the first updates of a fresh
      // process still run code the engine is optimising in the background (and the wasm threads
      // may still be starting)
      let stepSeconds = Infinity, last = 0;
      await train(bound, { x, y }, {
        steps: steps + 1, optimizer,
        onStep: (step) => {
          const now = performance.now();
          if (step > 1) stepSeconds = Math.min(stepSeconds, (now - last) / 1000);
          last = now;
        },
      });
      const t = performance.now();
      await ntkSpectrum(bound, ntkPoints);
      const ntkSeconds = (performance.now() - t) / 1000;
      perModel[name] = { stepSeconds, ntkSeconds, runSeconds: p.epochs * stepSeconds + checkpoints * ntkSeconds };
    } finally {
      optimizer.dispose();
      bound.dispose();
    }
  }
  const runs = p.functions.flatMap(() => p.models.flatMap((m) => p.inits.map(() => perModel[m]!.runSeconds)));
  return { perModel, runs, totalSeconds: runs.reduce((a, b) => a + b, 0), calibrationSeconds: (performance.now() - t0) / 1000 };
}

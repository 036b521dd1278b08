// `kanntk study`: for every function × model × initialisation, train with
// full-batch Adam, take the NTK spectrum at the checkpoints, and measure the
// fit. Returns a report; the CLI prints its table and writes it as JSON.

import type { Engine } from '../engine.js';
import { createKan } from '../kan/build.js';

import { train } from '../train/train-loop.js';
import { adam } from '../train/optimizers/adam.js';
import { ntkSpectrum, spectrumToJson } from '../ntk/ntk-spectrum.js';
import { evaluateBenchmark } from './benchmark-functions.js';
import { evaluationGrid, uniformSplit } from './dataset.js';
import { seededSubset } from '../math/row-subset.js';
import { INITS, MODELS, type FunctionName, type InitName, type ModelName, type StudyProtocol } from './protocol.js';
import type { HostArray } from '../host-array.js';

export interface CheckpointRecord {
  step: number;
  cond: number;
  effective_rank: number;
  effective_dim: number;
  spectrum: Record<string, unknown>;
}

export interface RunRecord {
  function: FunctionName;
  model: ModelName;
  init: InitName;
  n_params: number;
  checkpoints: CheckpointRecord[];
  /** training loss (MSE) after each update, index 0 = initial */
  loss: number[];
  final_loss: number;
  test_loss: number;
  rel_l2: number;
  seconds: number;
}

export interface StudyReport {
  protocol: StudyProtocol;
  backend: string;
  runs: RunRecord[];
}

export type StudyProgress = (message: string, done: number, total: number) => void;

/** What a study reports while it runs (a page draws its charts from these as they come). */
export interface StudyEvents {
  /** before each run (message names it) and at the end ('done') */
  progress?: StudyProgress;
  /** after each NTK checkpoint of a run */
  onCheckpoint?: (run: { function: FunctionName; model: ModelName; init: InitName }, checkpoint: CheckpointRecord) => void;
  /** after each run, with its whole record */
  onRun?: (record: RunRecord) => void;
}

const targets = (fn: FunctionName, x: HostArray): HostArray => ({ shape: [x.shape[0], 1], data: Array.from(evaluateBenchmark(fn, x)) });

function mse(pred: ArrayLike<number>, want: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < want.length; i++) s += (pred[i] - want[i]) ** 2;
  return s / want.length;
}

/** ‖pred − want‖₂ / ‖want‖₂ */
function relativeL2(pred: ArrayLike<number>, want: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < want.length; i++) {
    num += (pred[i] - want[i]) ** 2;
    den += want[i] ** 2;
  }
  return Math.sqrt(num / den);
}

async function runOne(engine: Engine, p: StudyProtocol, fn: FunctionName, modelName: ModelName, init: InitName, data: { train: HostArray; test: HostArray; grid: HostArray }, events: StudyEvents): Promise<RunRecord> {
  const t0 = performance.now();
  const model = createKan({ ...MODELS[modelName], init: INITS[init], seed: p.seed });
  const bound = model.bind(engine.backend);
  // drawn at random (seeded), as the research does; the first rows would do only for shuffled data
  const ntkPoints = seededSubset(data.train, p.nNtk, p.seed);
  const checkpoints: CheckpointRecord[] = [];
  try {
    const { losses } = await train(bound, { x: data.train, y: targets(fn, data.train) }, {
      steps: p.epochs,
      optimizer: adam({ lr: p.lr }),
      checkpoints: p.checkpoints,
      onCheckpoint: async (step, m) => {
        const s = await ntkSpectrum(m, ntkPoints);
        const record = { step, cond: s.cond, effective_rank: s.effectiveRank, effective_dim: s.effectiveDim, spectrum: spectrumToJson(s) };
        checkpoints.push(record);
        events.onCheckpoint?.({ function: fn, model: modelName, init }, record);
      },
    });
    const trained = await bound.toModel();
    const testPred = await trained.forward(engine, data.test);
    const gridPred = await trained.forward(engine, data.grid);
    return {
      function: fn, model: modelName, init, n_params: model.nParams, checkpoints, loss: losses,
      final_loss: losses[losses.length - 1],
      test_loss: mse(testPred.data, evaluateBenchmark(fn, data.test)),
      rel_l2: relativeL2(gridPred.data, evaluateBenchmark(fn, data.grid)),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    bound.dispose();
  }
}

/** Runs the whole protocol (epochs = Adam updates; a checkpoint τ is taken after τ updates). */
export async function runStudy(engine: Engine, protocol: StudyProtocol, events: StudyEvents = {}): Promise<StudyReport> {
  const progress = events.progress;
  const p = { ...protocol, checkpoints: protocol.checkpoints.filter((c) => c <= protocol.epochs) };
  const split = uniformSplit(p.nPoints, p.seed);
  const data = { ...split, grid: evaluationGrid(p.gridSide) };
  const runs: RunRecord[] = [];
  const total = p.functions.length * p.models.length * p.inits.length;
  for (const fn of p.functions) {
    for (const model of p.models) {
      for (const init of p.inits) {
        progress?.(`${fn} ${model} ${init}`, runs.length, total);
        const record = await runOne(engine, p, fn, model, init, data, events);
        runs.push(record);
        events.onRun?.(record);
      }
    }
  }
  progress?.('done', total, total);
  return { protocol: p, backend: engine.backend.info.device, runs };
}

/** A floored condition number (λ_min under 1e-9·λ_max) is a lower bound: shown as "≥1.00e+9". */
const condText = (c: CheckpointRecord | undefined) => (c ? `${c.spectrum.cond_floor_active ? '≥' : ''}${c.cond.toExponential(2)}` : '-');

export const FLOOR_FOOTNOTE = '≥1.00e+9: λ_min fell under 1e-9·λ_max, so cond is the research\'s floor value, a lower bound (README, "Reports").';

/** The printed summary: cond and effective rank at τ = 0 and at the last checkpoint, final loss and relative L2 error. */
export function formatStudyTable(report: StudyReport): string {
  const head = ['function', 'model', 'init', 'cond τ0', 'cond τ_end', 'eff.rank τ0', 'eff.rank τ_end', 'final loss', 'rel L2'];
  const rows = report.runs.map((r) => {
    const first = r.checkpoints[0], last = r.checkpoints[r.checkpoints.length - 1];
    return [
      r.function, r.model, r.init,
      condText(first), condText(last),
      first?.effective_rank.toFixed(2) ?? '-', last?.effective_rank.toFixed(2) ?? '-',
      r.final_loss.toExponential(2), r.rel_l2.toExponential(2),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const last = report.protocol.checkpoints[report.protocol.checkpoints.length - 1];
  return [
    `NTK study (${report.protocol.nPoints} points, NTK on ${report.protocol.nNtk}, ${report.protocol.epochs} epochs, τ_end = ${last}; ${report.backend})`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(report.runs.some((r) => r.checkpoints.some((c) => c.spectrum.cond_floor_active)) ? ['', FLOOR_FOOTNOTE] : []),
  ].join('\n');
}

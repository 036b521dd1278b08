// `kanntk study --pde NAME`: the research's PINN protocol. For each model ×
// initialisation: RBA-weighted Adam training on an N×N collocation grid,
// weighted K_EE and K_BB spectra at the checkpoints, and the final relative
// L2 error against a reference solution.

import type { Engine } from '../engine.js';
import { createKan } from '../kan/build.js';
import { adam } from '../train/optimizers/adam.js';
import { builtinPde, type PdeName } from '../pde/builtins/index.js';
import { collocationGrid, boundaryPoints } from '../pde/collocation.js';
import { seededSubset } from '../math/row-subset.js';
import { FLOOR_FOOTNOTE } from './run-study.js';
import { trainPinn } from '../pde/pinn-train.js';
import { residualNtk, boundaryNtk } from '../pde/pde-ntk.js';
import { kernelSpectrum } from '../ntk/ntk-spectrum.js';
import type { HostArray } from '../host-array.js';
import { referenceSolution } from '../pde/reference/index.js';
import { INITS, MODELS, type InitName, type ModelName } from './protocol.js';

export interface PdeStudyProtocol {
  pde: PdeName;
  /** collocation grid side (research: 64) */
  gridSide: number;
  /** NTK subsets (research: 256 interior, 32 boundary) */
  nNtkInterior: number;
  nNtkBoundary: number;
  steps: number;
  checkpoints: number[];
  lr: number;
  /** evaluation grid side for the relative L2 error */
  evalSide: number;
  models: ModelName[];
  inits: InitName[];
  seed: number;
  /** RBA as the research code does it (weights recomputed inside the loss) or as jaxKAN (updated after the step) */
  rbaRule: 'research' | 'jaxkan';
}

export const FULL_PDE_PROTOCOL: Omit<PdeStudyProtocol, 'pde'> = {
  gridSide: 64, nNtkInterior: 256, nNtkBoundary: 32, steps: 5000, checkpoints: [0, 1000, 2000, 3000, 4000, 5000],
  lr: 1e-3, evalSide: 101, models: ['small', 'big'], inits: ['baseline', 'glorot', 'power'], seed: 43, rbaRule: 'research',
};

/** About a minute on one CPU core. */
export const REDUCED_PDE_PROTOCOL: Omit<PdeStudyProtocol, 'pde'> = {
  ...FULL_PDE_PROTOCOL, gridSide: 32, nNtkInterior: 64, nNtkBoundary: 16, steps: 600, checkpoints: [0, 300, 600], evalSide: 51, models: ['small'], rbaRule: 'jaxkan',
};

interface BlockMetrics {
  cond: number;
  /** cond is the 1e9 floor (λ_min under 1e-9·λ_max) */
  cond_floor_active: boolean;
  effective_rank: number;
  eigenvalues: (number | null)[];
}

export interface PdeCheckpoint {
  step: number;
  K_EE: BlockMetrics;
  K_BB: BlockMetrics;
}

/** A solution field on a side×side grid over the domain (first input varying slowest). */
export interface PdeField {
  side: number;
  /** input names, and each input's range */
  inputs: string[];
  domain: Record<string, [number, number]>;
  values: number[];
}

export interface PdeRunRecord {
  model: ModelName;
  init: InitName;
  checkpoints: PdeCheckpoint[];
  /** the trained model's u on the display grid (beside the report's reference field) */
  prediction: PdeField;
  loss: number[];
  final_loss: number;
  rel_l2: number;
  seconds: number;
}

export interface PdeStudyReport {
  protocol: PdeStudyProtocol;
  backend: string;
  /** the reference solution on the display grid */
  reference: PdeField;
  runs: PdeRunRecord[];
}

/** Side of the grid the solution fields are stored on for pictures (coarser than the error grid). */
const DISPLAY_SIDE = 41;

async function blockMetrics(engine: Engine, K: HostArray): Promise<BlockMetrics> {
  const s = await kernelSpectrum(engine, K);
  return { cond: s.cond, cond_floor_active: s.condFloorActive, effective_rank: s.effectiveRank, eigenvalues: Array.from(s.eigenvalues, (l, i) => (s.resolved[i] ? l : null)) };
}

/** What a PINN study reports while it runs. */
export interface PdeStudyEvents {
  progress?: (message: string, done: number, total: number) => void;
  onCheckpoint?: (run: { model: ModelName; init: InitName }, checkpoint: PdeCheckpoint) => void;
  onRun?: (record: PdeRunRecord) => void;
}

export async function runPdeStudy(engine: Engine, p: PdeStudyProtocol, events: PdeStudyEvents = {}): Promise<PdeStudyReport> {
  const progress = events.progress;
  const pde = builtinPde(p.pde);
  const interior = collocationGrid(pde, p.gridSide);
  const boundary = boundaryPoints(pde, p.gridSide);
  const ntkInterior = seededSubset(interior, p.nNtkInterior, p.seed);
  const ntkBoundary = seededSubset(boundary, p.nNtkBoundary, p.seed + 1);
  const evalGrid = collocationGrid(pde, p.evalSide);
  const exact = referenceSolution(p.pde, evalGrid);
  const displaySide = Math.min(DISPLAY_SIDE, p.evalSide);
  const displayGrid = collocationGrid(pde, displaySide);
  const field = (values: ArrayLike<number>): PdeField => ({ side: displaySide, inputs: [...pde.inputs], domain: structuredClone(pde.domain), values: Array.from(values) });
  const reference = field(referenceSolution(p.pde, displayGrid));
  const runs: PdeRunRecord[] = [];
  const total = p.models.length * p.inits.length;
  for (const modelName of p.models) {
    for (const init of p.inits) {
      progress?.(`${p.pde} ${modelName} ${init}`, runs.length, total);
      const t0 = performance.now();
      const bound = createKan({ ...MODELS[modelName], init: INITS[init], seed: p.seed }).bind(engine.backend);
      const checkpoints: PdeCheckpoint[] = [];
      try {
        const result = await trainPinn(bound, pde, { interior, boundary }, {
          steps: p.steps,
          rbaRule: p.rbaRule,
          optimizer: adam({ lr: p.lr }),
          checkpoints: p.checkpoints,
          onCheckpoint: async (step, m, w) => {
            // the NTK subsets carry the RBA weights of their points: look them up by row
            const weightsOf = (subset: typeof ntkInterior, all: typeof interior, wAll: Float64Array) => {
              const key = (d: ArrayLike<number>, r: number) => `${d[2 * r]},${d[2 * r + 1]}`;
              const index = new Map(Array.from({ length: all.shape[0] }, (_, r) => [key(all.data, r), r]));
              return Array.from({ length: subset.shape[0] }, (_, r) => wAll[index.get(key(subset.data, r))!]);
            };
            const KEE = await residualNtk(m, pde, ntkInterior, { weights: weightsOf(ntkInterior, interior, w.wE) });
            const KBB = await boundaryNtk(m, ntkBoundary, { weights: weightsOf(ntkBoundary, boundary, w.wB) });
            const checkpoint = { step, K_EE: await blockMetrics(engine, KEE), K_BB: await blockMetrics(engine, KBB) };
            checkpoints.push(checkpoint);
            events.onCheckpoint?.({ model: modelName, init }, checkpoint);
          },
        });
        const trained = await bound.toModel();
        const pred = await trained.forward(engine, evalGrid);
        const prediction = field((await trained.forward(engine, displayGrid)).data);
        let num = 0, den = 0;
        for (let i = 0; i < exact.length; i++) {
          num += (pred.data[i] - exact[i]) ** 2;
          den += exact[i] ** 2;
        }
        const record: PdeRunRecord = {
          model: modelName, init, checkpoints, prediction, loss: result.losses, final_loss: result.losses[result.losses.length - 1],
          rel_l2: Math.sqrt(num / den), seconds: (performance.now() - t0) / 1000,
        };
        runs.push(record);
        events.onRun?.(record);
      } finally {
        bound.dispose();
      }
    }
  }
  progress?.('done', total, total);
  return { protocol: p, backend: engine.backend.info.device, reference, runs };
}

/** cond(K_EE) and cond(K_BB) at the first and last checkpoint, with the final relative L2 error. */
export function formatPdeStudyTable(report: PdeStudyReport): string {
  const head = ['model', 'init', 'cond K_EE τ0', 'cond K_EE τ_end', 'cond K_BB τ0', 'cond K_BB τ_end', 'final loss', 'rel L2'];
  const rows = report.runs.map((r) => {
    const a = r.checkpoints[0], b = r.checkpoints[r.checkpoints.length - 1];
    const c = (x?: BlockMetrics) => (x ? `${x.cond_floor_active ? '≥' : ''}${x.cond.toExponential(2)}` : '-');
    return [r.model, r.init, c(a?.K_EE), c(b?.K_EE), c(a?.K_BB), c(b?.K_BB), r.final_loss.toExponential(2), r.rel_l2.toExponential(2)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => x.padEnd(widths[i])).join('  ');
  const p = report.protocol;
  return [
    `PINN study: ${p.pde} (${p.gridSide}×${p.gridSide} collocation, ${p.steps} RBA-Adam steps, K_EE on ${p.nNtkInterior} / K_BB on ${p.nNtkBoundary} points; ${report.backend})`,
    line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line),
    ...(report.runs.some((r) => r.checkpoints.some((k) => k.K_EE.cond_floor_active || k.K_BB.cond_floor_active)) ? ['', FLOOR_FOOTNOTE] : []),
  ].join('\n');
}

// The SGD→NTK hybrid classifier (research workflow 4): mini-batch SGD until a
// switch rule fires, then the NTK-guided phase ("NTK-1") with the Jacobian
// frozen at the switch point, and, for comparison, SGD alone continued from
// the same point with the same batch stream for as many epochs.
//
// Epochs are counted from 1; the metrics after every epoch are on the whole
// training and validation sets. The model passed in is trained in place.

import { KanntkError } from '../errors.js';
import type { BoundModel } from '../kan/model.js';
import { createSeededRandom } from '../math/random.js';
import { ntk, type NtkMethod } from '../ntk/ntk.js';
import type { HostArray } from '../host-array.js';
import { oneHot } from '../data/preprocess.js';
import { classifierMetrics, sgdEpoch } from './sgd-epoch.js';
import { linearizedStep } from './linearized-step.js';
import { frobeniusDistance, shouldSwitch, windowMonitor, type SwitchRule } from './switch-rules.js';

/** Inputs [N, d] and class indices 0…C−1. */
export interface ClassifierSet {
  x: HostArray;
  labels: ArrayLike<number>;
}

/** SGD epochs a windowed rule may run without switching, unless told otherwise. */
export const DEFAULT_MAX_SGD_EPOCHS = 100;

export interface HybridOptions {
  switchRule: SwitchRule;
  sgdLr: number;
  batchSize: number;
  /** NTK-1 learning rate and epochs (not used by scout) */
  ntkLr?: number;
  ntkEpochs?: number;
  /** SGD epochs without a switch after which the run stops, flagged (default: E of fixed:E, else 100); not with scout */
  maxSgdEpochs?: number;
  /** the points of the ntk-norm monitor; required by ntk-norm, and with scout the NTK distance is recorded too */
  monitor?: HostArray;
  /** NTK-1 errors from the real network (default) or from its linearisation at the switch */
  variant?: 'network' | 'linearized';
  /** continue SGD alone from the switch for the NTK phase's epochs, for comparison (default true) */
  baseline?: boolean;
  /** seeds the batch order (default 0) */
  seed?: number;
  ntkMethod?: NtkMethod;
  /** called after every epoch of every phase */
  onEpoch?: (event: HybridEpoch) => void;
}

export interface EpochMetrics {
  trainLoss: number;
  trainAcc: number;
  /** null without a validation set */
  valLoss: number | null;
  valAcc: number | null;
}

export interface HybridEpoch extends EpochMetrics {
  phase: 'sgd' | 'ntk' | 'baseline';
  /** 1-based within the phase */
  epoch: number;
  /** the phase's epoch limit */
  of: number;
  /** the switch rule's m_e (SGD phase; null before its window fills) */
  monitor?: number | null;
}

export interface PhaseHistory {
  trainLoss: number[];
  trainAcc: number[];
  valLoss: (number | null)[];
  valAcc: (number | null)[];
  /** seconds of each epoch's updates (metrics and monitors not included) */
  seconds: number[];
}

export interface SgdHistory extends PhaseHistory {
  /** m_e of the rule (param-norm's with K = 1 for scout), null before the window fills; all null for fixed */
  monitor: (number | null)[];
  /** d_e = ‖K_e − K_0‖_F on the monitor set (ntk-norm, and scout with a monitor set), else null */
  ntkDistance: number[] | null;
  /** scout with a monitor set: |d_e − d_{e−1}|, else null */
  ntkMonitor: (number | null)[] | null;
  /** seconds spent on the monitors after each epoch */
  monitorSeconds: number[];
}

export interface HybridResult {
  /** metrics of the untrained model */
  initial: EpochMetrics;
  switched: boolean;
  /** the SGD epoch after which the rule fired; null when it did not */
  epochAtSwitch: number | null;
  /** the SGD epoch limit the run had */
  sgdEpochLimit: number;
  sgd: SgdHistory;
  ntk: PhaseHistory;
  /** SGD alone continued from the switch (null when not switched or not asked for) */
  baseline: PhaseHistory | null;
  /** seconds of the NTK at θ_0 on the monitor set (0 without one) */
  monitorSetupSeconds: number;
}

/**
 * Rows per pass of an NTK-1 epoch: the sum over all rows is one update, so the chunks are only a
 * memory bound; small chunks (the SGD batch) cost about 20% more on the digits MLP.
 */
const NTK_CHUNK_ROWS = 2048;

const emptyPhase = (): PhaseHistory => ({ trainLoss: [], trainAcc: [], valLoss: [], valAcc: [], seconds: [] });

function checkSet(set: ClassifierSet, classes: number, nIn: number, what: string): void {
  const { x, labels } = set;
  if (x.shape.length !== 2 || x.shape[1] !== nIn) throw new KanntkError(`trainHybrid: ${what} inputs must be [N, ${nIn}], got [${x.shape}]`);
  if (labels.length !== x.shape[0]) throw new KanntkError(`trainHybrid: ${what} has ${x.shape[0]} rows but ${labels.length} labels`);
  if (x.shape[0] === 0) throw new KanntkError(`trainHybrid: ${what} has no rows`);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new KanntkError(`trainHybrid: ${what} label ${c} at row ${i} is not a class index below ${classes} (the model's output width)`);
  }
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) throw new KanntkError(`trainHybrid: ${what} input ${x.data[i]} at row ${Math.floor(i / nIn)}, column ${i % nIn}`);
  }
}

const positive = (v: number | undefined, name: string) => {
  if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new KanntkError(`trainHybrid: ${name} must be a positive number, got ${v}`);
  return v;
};
const wholeNumber = (v: number | undefined, name: string, min: number) => {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new KanntkError(`trainHybrid: ${name} must be a whole number ≥ ${min}, got ${v}`);
  return v;
};

/** The SGD epoch limit a rule runs under. */
function sgdEpochLimit(rule: SwitchRule, max: number | undefined): number {
  if (rule.kind === 'scout') {
    if (max !== undefined) throw new KanntkError('trainHybrid: scout:E runs exactly E epochs; maxSgdEpochs does not apply');
    return rule.epochs;
  }
  const limit = wholeNumber(max ?? (rule.kind === 'fixed' ? rule.epoch : DEFAULT_MAX_SGD_EPOCHS), 'maxSgdEpochs', 1);
  if (rule.kind === 'fixed' && limit < rule.epoch) throw new KanntkError(`trainHybrid: fixed:${rule.epoch} can never switch within maxSgdEpochs = ${limit}`);
  return limit;
}

/** The metrics after a step of a phase (`where`, with its learning rate), or of the untrained model. */
async function metricsOf(model: BoundModel, train: ClassifierSet, val: ClassifierSet | undefined, where?: string, lr?: number): Promise<EpochMetrics> {
  const t = await classifierMetrics(model, train.x, train.labels);
  if (!Number.isFinite(t.loss)) {
    throw new KanntkError(where ? `trainHybrid: the training loss became ${t.loss} ${where}: the learning rate ${lr} is too large` : `trainHybrid: the untrained model's training loss is ${t.loss} (non-finite parameters or outputs)`);
  }
  const v = val ? await classifierMetrics(model, val.x, val.labels) : null;
  return { trainLoss: t.loss, trainAcc: t.accuracy, valLoss: v?.loss ?? null, valAcc: v?.accuracy ?? null };
}

function record(h: PhaseHistory, m: EpochMetrics, seconds: number): void {
  h.trainLoss.push(m.trainLoss);
  h.trainAcc.push(m.trainAcc);
  h.valLoss.push(m.valLoss);
  h.valAcc.push(m.valAcc);
  h.seconds.push(seconds);
}

/** Trains `model` (a classifier whose output width is the number of classes) by the hybrid rule. */
export async function trainHybrid(model: BoundModel, train: ClassifierSet, val: ClassifierSet | undefined, options: HybridOptions): Promise<HybridResult> {
  const rule = options.switchRule;
  const C = model.model.nOut, nIn = model.model.nIn;
  if (C < 2) throw new KanntkError(`trainHybrid: a classifier needs an output per class (at least 2), the model has ${C}`);
  checkSet(train, C, nIn, 'the training set');
  if (val) checkSet(val, C, nIn, 'the validation set');
  const sgdLr = positive(options.sgdLr, 'sgdLr');
  const batchSize = wholeNumber(options.batchSize, 'batchSize', 1);
  const scout = rule.kind === 'scout';
  const ntkLr = scout ? 0 : positive(options.ntkLr, 'ntkLr');
  const ntkEpochs = scout ? 0 : wholeNumber(options.ntkEpochs, 'ntkEpochs', 0);
  const limit = sgdEpochLimit(rule, options.maxSgdEpochs);
  const monitorSet = options.monitor;
  if (rule.kind === 'ntk-norm' && !monitorSet) throw new KanntkError('trainHybrid: the ntk-norm rule needs monitor points');
  if (monitorSet && (monitorSet.shape.length !== 2 || monitorSet.shape[1] !== nIn || monitorSet.shape[0] < 1)) {
    throw new KanntkError(`trainHybrid: monitor points must be [n, ${nIn}] with n ≥ 1, got [${monitorSet.shape}]`);
  }
  const onEpoch = options.onEpoch ?? (() => {});
  const rng = createSeededRandom(options.seed ?? 0).fork('hybrid-sgd');

  // what the monitors keep: the last K+1 parameter vectors; all NTK distances (numbers)
  const paramWindow = rule.kind === 'param-norm' ? rule.window : scout ? 1 : 0;
  const trackNtk = rule.kind === 'ntk-norm' || (scout && monitorSet !== undefined);
  const ntkWindow = rule.kind === 'ntk-norm' ? rule.window : 1;
  const ntkOf = async () => (await ntk(model, monitorSet!, { method: options.ntkMethod ?? 'auto' })).data;

  const initial = await metricsOf(model, train, val);
  const tSetup = performance.now();
  const K0 = trackNtk ? await ntkOf() : null;
  const monitorSetupSeconds = (performance.now() - tSetup) / 1000;
  const thetas: Float64Array[] = paramWindow > 0 ? [await model.readFlatParams()] : [];
  const distances: number[] = [0];

  const sgd: SgdHistory = { ...emptyPhase(), monitor: [], ntkDistance: trackNtk ? [] : null, ntkMonitor: scout && trackNtk ? [] : null, monitorSeconds: [] };
  let epochAtSwitch: number | null = null;
  for (let e = 1; e <= limit; e++) {
    const t0 = performance.now();
    await sgdEpoch(model, train.x, train.labels, { lr: sgdLr, batchSize, rng });
    const seconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    let paramMonitor: number | null = null, ntkMonitor: number | null = null;
    if (paramWindow > 0) {
      thetas.push(await model.readFlatParams());
      if (thetas.length > paramWindow + 1) thetas.shift();
      paramMonitor = windowMonitor('param-norm', thetas, paramWindow);
    }
    if (trackNtk) {
      distances.push(frobeniusDistance(await ntkOf(), K0!));
      sgd.ntkDistance!.push(distances[e]);
      ntkMonitor = windowMonitor('ntk-norm', distances, ntkWindow);
      sgd.ntkMonitor?.push(ntkMonitor);
    }
    sgd.monitorSeconds.push((performance.now() - t1) / 1000);
    const m = rule.kind === 'ntk-norm' ? ntkMonitor : rule.kind === 'fixed' ? null : paramMonitor;
    sgd.monitor.push(m);

    const metrics = await metricsOf(model, train, val, `after SGD epoch ${e}`, sgdLr);
    record(sgd, metrics, seconds);
    onEpoch({ phase: 'sgd', epoch: e, of: limit, monitor: m, ...metrics });
    if (shouldSwitch(rule, e, m)) {
      epochAtSwitch = e;
      break;
    }
  }

  const ntkPhase = emptyPhase();
  let baseline: PhaseHistory | null = null;
  if (epochAtSwitch !== null) {
    const atSwitch = await model.toModel();
    const frozen = atSwitch.bind(model.backend);
    const yOneHot = oneHot(Int32Array.from(train.labels), C);
    try {
      for (let k = 1; k <= ntkEpochs; k++) {
        const t0 = performance.now();
        await linearizedStep(frozen, model, train.x, yOneHot, { lr: ntkLr, variant: options.variant, chunk: Math.max(batchSize, NTK_CHUNK_ROWS) });
        const seconds = (performance.now() - t0) / 1000;
        const metrics = await metricsOf(model, train, val, `after NTK-1 epoch ${k}`, ntkLr);
        record(ntkPhase, metrics, seconds);
        onEpoch({ phase: 'ntk', epoch: k, of: ntkEpochs, ...metrics });
      }
    } finally {
      frozen.dispose();
    }
    if (options.baseline ?? true) {
      // the same batch stream the SGD phase would have gone on with
      const alone = atSwitch.bind(model.backend);
      baseline = emptyPhase();
      try {
        for (let k = 1; k <= ntkEpochs; k++) {
          const t0 = performance.now();
          await sgdEpoch(alone, train.x, train.labels, { lr: sgdLr, batchSize, rng });
          const seconds = (performance.now() - t0) / 1000;
          const metrics = await metricsOf(alone, train, val, `after epoch ${k} of SGD alone`, sgdLr);
          record(baseline, metrics, seconds);
          onEpoch({ phase: 'baseline', epoch: k, of: ntkEpochs, ...metrics });
        }
      } finally {
        alone.dispose();
      }
    }
  }
  return { initial, switched: epochAtSwitch !== null, epochAtSwitch, sgdEpochLimit: limit, sgd, ntk: ntkPhase, baseline, monitorSetupSeconds };
}

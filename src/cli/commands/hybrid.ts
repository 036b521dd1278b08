// kanntk hybrid (--model M | --layers 64,128,10) --data FILE|NAME [--val FILE | --val-fraction F]
//   [--label COLUMN] [--standardize] --switch RULE [--max-sgd-epochs E] --sgd-lr A --batch B
//   --ntk-lr C --ntk-epochs T [--monitor FILE | --monitor-points N] [--variant network|linearized]
//   [--no-baseline] [--seed S] [--backend …] [--out result.json] [--report page.html]
// The SGD→NTK hybrid classifier; writes result.json (classify/hybrid-file.ts) and prints a table
// comparing it with SGD alone for the same number of epochs.

import { KanntkError } from '../../errors.js';
import { checkFlags, integerFlag, numberFlag, rejectFlags, stringFlag, switchFlag, widthList, type ParsedArgs } from '../args.js';
import { readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson, writeResults } from '../output.js';
import { checkOutputFile } from '../output-paths.js';
import { requireFlag } from './require-flag.js';
import { createKan } from '../../kan/build.js';
import type { KanModel } from '../../kan/model.js';
import type { LayerType } from '../../kan/layer-types.js';
import { readLabeledData } from '../../data/read-data.js';
import { alignLabels } from '../../data/label-encoding.js';
import { featureStats, splitSeeded, standardize } from '../../data/preprocess.js';
import type { LabeledData } from '../../data/labeled-data.js';
import { seededSubset } from '../../math/row-subset.js';
import { parseSwitchRule, type SwitchRule } from '../../classify/switch-rules.js';
import { trainHybrid, type HybridEpoch, type HybridResult } from '../../classify/hybrid.js';
import { hybridResultFile, type HybridResultFile } from '../../classify/hybrid-file.js';
import type { HostArray } from '../../host-array.js';

const DEFAULT_VAL_FRACTION = 0.2;
const DEFAULT_MONITOR_POINTS = 256;

/** --layers d,h…,C: a new ReLU MLP (Glorot normal, b = 0) or, with --layer spline|chebyshev, a KAN. */
function classifierModel(args: ParsedArgs, data: LabeledData, seed: number): KanModel {
  const d = data.features.shape[1], C = data.classes.length;
  const path = stringFlag(args, 'model');
  let model: KanModel;
  if (path !== undefined) {
    rejectFlags(args, ['layers', 'layer'], 'with --model (they describe a new model)');
    model = readModelFile(path);
  } else {
    const spec = stringFlag(args, 'layers');
    if (spec === undefined) throw new KanntkError(`hybrid: give --model FILE, or --layers for a new classifier (e.g. --layers ${d},128,${C})`);
    const dims = widthList(spec, 'layers', 65536);
    if (dims.length < 2) throw new KanntkError(`--layers needs at least an input and an output width, e.g. ${d},128,${C}; got '${spec}'`);
    const layer = stringFlag(args, 'layer') ?? 'dense';
    if (!['dense', 'spline', 'chebyshev'].includes(layer)) throw new KanntkError(`--layer: unknown layer type '${layer}' (expected dense, spline or chebyshev)`);
    const params = dims.slice(1).reduce((s, o, l) => s + o * dims[l] * (layer === 'dense' ? 1 : 12), 0);
    if (params > 1e7) throw new KanntkError(`hybrid: a ${layer} model of widths [${dims}] would have about ${params.toExponential(1)} parameters; the limit is 1e+7`);
    model = layer === 'dense'
      ? createKan({ layerDims: dims, layer: 'dense', activation: 'relu', init: { type: 'glorot' }, seed } as never)
      : createKan({ layerDims: dims, layer: layer as LayerType, seed });
  }
  if (model.nIn !== d) throw new KanntkError(`hybrid: the model takes ${model.nIn} inputs, the data has ${d} features (${data.source})`);
  if (model.nOut !== C) throw new KanntkError(`hybrid: the model has ${model.nOut} outputs, the data has ${C} classes (${data.classes.join(', ')}): the output width must be the number of classes`);
  return model;
}

/** Training and validation sets: --val FILE, or a seeded --val-fraction split (default 0.2); standardised on request. */
async function dataSets(args: ParsedArgs, seed: number): Promise<{ all: LabeledData; train: LabeledData; val: LabeledData; stats: ReturnType<typeof featureStats> | null }> {
  const label = stringFlag(args, 'label');
  const all = await readLabeledData(requireFlag(args, 'data'), { label });
  if (all.classes.length < 2) throw new KanntkError(`hybrid: ${all.source} has a single class ('${all.classes[0]}'); a classifier needs at least two`);
  let train: LabeledData, val: LabeledData;
  const valPath = stringFlag(args, 'val');
  if (valPath !== undefined) {
    rejectFlags(args, ['val-fraction'], 'with --val (the validation set is given)');
    train = all;
    const v = await readLabeledData(valPath, { label });
    if (v.features.shape[1] !== all.features.shape[1]) throw new KanntkError(`hybrid: --val ${valPath} has ${v.features.shape[1]} features, --data has ${all.features.shape[1]}`);
    val = { ...v, labels: alignLabels(v.labels, v.classes, all.classes, valPath), classes: all.classes };
  } else {
    const fraction = numberFlag(args, 'val-fraction', DEFAULT_VAL_FRACTION, { above: 0, below: 1 });
    ({ train, val } = splitSeeded(all, fraction, seed));
  }
  if (!switchFlag(args, 'standardize')) return { all, train, val, stats: null };
  const stats = featureStats(train.features);
  return { all, train: standardize(train, stats), val: standardize(val, stats), stats };
}

/** The monitor points of ntk-norm and scout: --monitor FILE, or --monitor-points N training rows drawn with the seed. */
async function monitorPoints(args: ParsedArgs, rule: SwitchRule, train: LabeledData, stats: ReturnType<typeof featureStats> | null, seed: number): Promise<HostArray | undefined> {
  if (rule.kind === 'fixed' || rule.kind === 'param-norm') {
    rejectFlags(args, ['monitor', 'monitor-points'], `to --switch ${rule.kind} (only ntk-norm and scout watch the NTK)`);
    return undefined;
  }
  const path = stringFlag(args, 'monitor');
  if (path !== undefined) {
    rejectFlags(args, ['monitor-points'], 'with --monitor (the points are given)');
    const m = await readLabeledData(path, { label: stringFlag(args, 'label') });
    if (m.features.shape[1] !== train.features.shape[1]) throw new KanntkError(`hybrid: --monitor ${path} has ${m.features.shape[1]} features, the data has ${train.features.shape[1]}`);
    return stats ? standardize(m, stats).features : m.features;
  }
  const n = integerFlag(args, 'monitor-points', DEFAULT_MONITOR_POINTS, 1, 100_000);
  return seededSubset(train.features, n, seed);
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : v.toFixed(4));
const last = <T>(a: T[]) => a[a.length - 1];

/** One line per epoch on a terminal. */
function epochLine(e: HybridEpoch): string {
  const phase = e.phase === 'sgd' ? 'SGD   ' : e.phase === 'ntk' ? 'NTK-1 ' : 'SGD alone';
  const m = e.monitor === undefined ? '' : `  m_e ${e.monitor === null ? '—' : e.monitor.toExponential(3)}`;
  return `${phase} epoch ${String(e.epoch).padStart(String(e.of).length)}/${e.of}  loss ${num(e.trainLoss)}  acc ${pct(e.trainAcc)}  val loss ${num(e.valLoss)}  val acc ${pct(e.valAcc)}${m}\n`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ') + '\n';
}

/** The closing table: the hybrid against SGD alone for the same number of epochs (or the scout's monitors). */
export function hybridTable(r: HybridResult, file: HybridResultFile): string {
  const widths = [26, 8, 10, 9, 10, 9];
  let text = row(['', 'epochs', 'train loss', 'train acc', 'val loss', 'val acc'], widths);
  const line = (name: string, epochs: string, h: { trainLoss: number[]; trainAcc: number[]; valLoss: (number | null)[]; valAcc: (number | null)[] }) =>
    row([name, epochs, num(last(h.trainLoss)), pct(last(h.trainAcc)), num(last(h.valLoss)), pct(last(h.valAcc))], widths);
  const E = r.sgd.trainLoss.length;
  if (r.switched && r.ntk.trainLoss.length > 0) {
    text += line(`SGD ${E} → NTK-1 ${r.ntk.trainLoss.length}`, `${E + r.ntk.trainLoss.length}`, r.ntk);
    if (r.baseline) text += line('SGD alone', `${E + r.baseline.trainLoss.length}`, r.baseline);
    text += line(`(at the switch)`, `${E}`, r.sgd);
  } else {
    text += line(r.switched ? `SGD (switched at ${E}, 0 NTK epochs)` : 'SGD', `${E}`, r.sgd);
  }
  if (file.switch_rule.startsWith('scout')) {
    text += '\nepoch  param-norm m_e (K=1)' + (r.sgd.ntkMonitor ? '  ntk d_e        ntk m_e (K=1)' : '') + '\n';
    r.sgd.monitor.forEach((m, i) => {
      text += `${String(i + 1).padStart(5)}  ${(m ?? NaN).toExponential(4).padStart(20)}` + (r.sgd.ntkMonitor ? `  ${r.sgd.ntkDistance![i].toExponential(4).padStart(11)}  ${(r.sgd.ntkMonitor[i] ?? NaN).toExponential(4).padStart(13)}` : '') + '\n';
    });
  } else if (!r.switched) {
    const m = last(r.sgd.monitor);
    text += `\nno switch within ${r.sgdEpochLimit} SGD epochs (--switch ${file.switch_rule}; last m_e ${m === null || m === undefined ? '—' : m.toExponential(3)}): ` +
      `raise --max-sgd-epochs or the threshold, or run --switch scout:E to see m_e per epoch\n`;
  }
  return text;
}

export async function hybridCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'layers', 'layer', 'data', 'val', 'val-fraction', 'label', 'standardize', 'switch', 'max-sgd-epochs', 'sgd-lr', 'batch', 'ntk-lr', 'ntk-epochs',
    'monitor', 'monitor-points', 'variant', 'no-baseline', 'seed', 'backend', 'out', 'report']);
  const seed = integerFlag(args, 'seed', 0, 0, 2 ** 32 - 1);
  const rule = parseSwitchRule(requireFlag(args, 'switch'));
  const scout = rule.kind === 'scout';
  if (scout) rejectFlags(args, ['ntk-lr', 'ntk-epochs', 'max-sgd-epochs', 'variant', 'no-baseline'], 'to --switch scout:E (it runs E SGD epochs and records the monitors)');
  const reportPath = stringFlag(args, 'report');
  if (reportPath !== undefined) checkOutputFile(reportPath, 'hybrid --report');
  if (!args.flags.has('sgd-lr')) throw new KanntkError('hybrid: --sgd-lr is required (the SGD learning rate, e.g. 0.1)');
  const sgdLr = numberFlag(args, 'sgd-lr', NaN, { above: 0, max: 1e6 });
  if (!args.flags.has('batch')) throw new KanntkError('hybrid: --batch is required (the SGD batch size, e.g. 64)');
  let ntkLr: number | undefined, ntkEpochs: number | undefined;
  if (!scout) {
    if (!args.flags.has('ntk-lr')) throw new KanntkError('hybrid: --ntk-lr is required (the NTK-1 learning rate, e.g. 0.5)');
    if (!args.flags.has('ntk-epochs')) throw new KanntkError('hybrid: --ntk-epochs is required (the epochs after the switch, e.g. 20)');
    ntkLr = numberFlag(args, 'ntk-lr', NaN, { above: 0, max: 1e6 });
    ntkEpochs = integerFlag(args, 'ntk-epochs', 0, 0, 1_000_000);
  }
  const maxSgdEpochs = args.flags.has('max-sgd-epochs') ? integerFlag(args, 'max-sgd-epochs', 0, 1, 1_000_000) : undefined;
  const variant = (stringFlag(args, 'variant') ?? 'network') as 'network' | 'linearized';
  if (variant !== 'network' && variant !== 'linearized') throw new KanntkError(`--variant: unknown variant '${variant}' (expected network or linearized)`);

  const { all, train, val, stats } = await dataSets(args, seed);
  const batch = integerFlag(args, 'batch', 0, 1, train.labels.length);
  const monitor = await monitorPoints(args, rule, train, stats, seed);
  const model = classifierModel(args, all, seed);
  const out = stringFlag(args, 'out');

  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  const tty = process.stderr.isTTY;
  try {
    run.guardBatch(model, Math.max(batch, train.labels.length, val.labels.length), 2, 'hybrid');
    if (tty) process.stderr.write(`hybrid: ${train.labels.length} training / ${val.labels.length} validation rows, ${all.classes.length} classes, ${model.nParams} parameters, --switch ${requireFlag(args, 'switch')} (${run.engine.backend.info.name})\n`);
    const result = await run.compute(() =>
      trainHybrid(bound, { x: train.features, labels: train.labels }, { x: val.features, labels: val.labels }, {
        switchRule: rule, sgdLr, batchSize: batch, ntkLr, ntkEpochs, maxSgdEpochs, monitor, variant,
        baseline: !switchFlag(args, 'no-baseline'), seed,
        onEpoch: (e) => {
          if (tty) process.stderr.write(epochLine(e));
        },
      }),
    );
    const trained = await bound.toModel();
    const file = hybridResultFile(result, {
      rule, classes: all.classes, variant,
      settings: { sgd_lr: sgdLr, batch, ntk_lr: ntkLr ?? null, ntk_epochs: ntkEpochs ?? null, max_sgd_epochs: result.sgdEpochLimit, seed, monitor_points: monitor?.shape[0] ?? null, standardize: stats !== null },
      data: { source: all.source, n_train: train.labels.length, n_val: val.labels.length, n_features: all.features.shape[1], val: stringFlag(args, 'val') ?? `fraction ${numberFlag(args, 'val-fraction', DEFAULT_VAL_FRACTION)}` },
      model: trained.toJSON(),
    });
    const report = run.report();
    const json = { ...file, backend: report.backend, timing: { ...report.timing, ...file.timing } };
    const files: [string, string][] = [];
    if (out) files.push([out, JSON.stringify(json, null, 2) + '\n']);
    if (reportPath) {
      const { buildReport } = await import('../../report/build-report.js');
      files.push([reportPath, buildReport(json, out ?? 'the hybrid result')]);
    }
    writeResults(files);
    const table = hybridTable(result, file);
    if (out) process.stdout.write(table);
    else {
      process.stderr.write(table);
      emitJson(json, undefined);
    }
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}

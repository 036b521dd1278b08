// kanntk study [--full] [--functions f1,f2,…] [--models small,big] [--inits baseline,glorot,power]
//   [--epochs N] [--points N] [--ntk-points N] [--out DIR] [--backend …]
// Runs the NTK study, prints its table and writes DIR/study.json (spectra and metrics)
// and DIR/report.html (its pictures); with --pde, study-NAME.json and report-NAME.html.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KanntkError } from '../../errors.js';
import type { Engine } from '../../engine.js';
import { checkFlags, integerFlag, rejectFlags, stringFlag, switchFlag, type ParsedArgs } from '../args.js';
import { startRun, type RunContext } from '../run-context.js';
import { createKan } from '../../kan/build.js';
import type { KanModel } from '../../kan/model.js';
import { writeResult } from '../output.js';
import { formatDuration, progressBar } from '../progress.js';
import { calibrateStudy, type StudyCost } from '../../study/cost-model.js';
import { checkOutputDir, checkOutputFile } from '../output-paths.js';
import { writeReport } from './report.js';
import { runStudy, formatStudyTable } from '../../study/run-study.js';
import { DEMO_PROTOCOL, FULL_PROTOCOL, REDUCED_PROTOCOL, INITS, MODELS, evenCheckpoints, type StudyProtocol } from '../../study/protocol.js';

/** Named protocols: `demo` is exactly what the browser demo runs by default. */
const PRESETS: Record<string, StudyProtocol> = { demo: DEMO_PROTOCOL, reduced: REDUCED_PROTOCOL, full: FULL_PROTOCOL };
import { BENCHMARK_FUNCTIONS } from '../../study/benchmark-functions.js';
import { runPdeStudy, formatPdeStudyTable, FULL_PDE_PROTOCOL, REDUCED_PDE_PROTOCOL, type PdeStudyProtocol } from '../../study/run-pde-study.js';
import { PDE_NAMES, type PdeName } from '../../pde/builtins/index.js';
import { rbaRuleFlag } from './pde.js';

function listFlag<T extends string>(args: ParsedArgs, name: string, known: readonly string[], fallback: T[]): T[] {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!known.includes(item)) throw new KanntkError(`--${name}: unknown '${item}' (known: ${known.join(', ')})`);
  if (items.length === 0) throw new KanntkError(`--${name} lists nothing`);
  return items as T[];
}


/** The model with the most parameters among those a study runs (each built once). */
function largestModel(models: (keyof typeof MODELS)[]): KanModel {
  return models.map((m) => createKan(MODELS[m])).reduce((a, b) => (b.nParams > a.nParams ? b : a));
}

/** The projected total and what it rests on, for the start of a study. */
function describeCost(cost: StudyCost): string {
  const parts = Object.entries(cost.perModel).map(([m, c]) => `${m}: ${(1000 * c!.stepSeconds).toPrecision(3)} ms per epoch, ${c!.ntkSeconds.toPrecision(2)} s per NTK spectrum`);
  return `${cost.runs.length} runs, projected ${formatDuration(cost.totalSeconds)} here (${parts.join('; ')})`;
}

/**
 * Runs a study with progress on stderr, writes its JSON and HTML report into --out DIR and
 * prints its table. The paths are checked before the work starts.
 */
async function runAndReport<R>(args: ParsedArgs, label: string, total: number, files: { json: string; report: string },
  work: (engine: Engine, progress: (message: string, done: number) => void) => Promise<R>, table: (report: R) => string,
  guard: (run: RunContext) => void, calibrate?: (engine: Engine) => Promise<StudyCost>): Promise<void> {
  const outDir = stringFlag(args, 'out') ?? 'kanntk-study';
  checkOutputDir(outDir, 'study --out');
  const jsonPath = join(outDir, files.json), reportPath = join(outDir, files.report);
  if (existsSync(outDir)) for (const path of [jsonPath, reportPath]) checkOutputFile(path, 'study');
  const run = await startRun(args, { outIsFolder: true });
  try {
    guard(run);
    // the projected total, before the work starts, and a bar weighted by each run's projected cost
    const cost = calibrate ? await calibrate(run.engine) : null;
    if (cost) process.stderr.write(`${label}: ${describeCost(cost)}\n`);
    const bar = progressBar(label, total, process.stderr, cost?.runs);
    const report = await run.compute(() =>
      work(run.engine, (message, done) => {
        bar.update(done, message);
        if (!process.stderr.isTTY && message !== 'done') process.stderr.write(`${label}: run ${done + 1}/${total}: ${message}\n`);
      }),
    );
    bar.finish();
    mkdirSync(outDir, { recursive: true });
    const result = { ...report, ...(cost ? { projected_s: cost.totalSeconds } : {}), ...run.report() };
    writeResult(jsonPath, JSON.stringify(result) + '\n');
    process.stdout.write(table(report) + `\n\nwrote ${jsonPath}\n`);
    try {
      await writeReport(result, reportPath, `'${jsonPath}'`);
    } catch (err) {
      throw new KanntkError(`the results are safe in ${jsonPath}, but the report could not be written: ${(err as Error).message}`);
    }
    process.stdout.write(`wrote ${reportPath} (open it in a browser; it is self-contained)\n`);
  } finally {
    run.engine.dispose();
  }
}

/** kanntk study --pde NAME: the PINN protocol (K_EE / K_BB spectra, relative L2 error). */
async function pdeStudyCommand(args: ParsedArgs): Promise<void> {
  const base = switchFlag(args, 'full') ? FULL_PDE_PROTOCOL : REDUCED_PDE_PROTOCOL;
  const pde = stringFlag(args, 'pde')!;
  if (!PDE_NAMES.includes(pde as PdeName)) throw new KanntkError(`--pde: unknown '${pde}' (known: ${PDE_NAMES.join(', ')})`);
  const protocol: PdeStudyProtocol = {
    ...base, pde: pde as PdeName,
    models: listFlag(args, 'models', Object.keys(MODELS), base.models),
    inits: listFlag(args, 'inits', Object.keys(INITS), base.inits),
    steps: integerFlag(args, 'epochs', base.steps, 0, 1_000_000),
    gridSide: integerFlag(args, 'grid', base.gridSide, 2, 512),
    seed: integerFlag(args, 'seed', base.seed, 0, 2 ** 32 - 1),
    rbaRule: rbaRuleFlag(args, base.rbaRule),
  };
  if (stringFlag(args, 'epochs') !== undefined) protocol.checkpoints = evenCheckpoints(base.checkpoints.length, protocol.steps);
  const total = protocol.models.length * protocol.inits.length;
  await runAndReport(args, `study ${pde}`, total, { json: `study-${pde}.json`, report: `report-${pde}.html` }, (engine, progress) => runPdeStudy(engine, protocol, { progress }), formatPdeStudyTable,
    // the largest model trains with second input derivatives on the whole collocation grid
    (run) => run.guardBatch(largestModel(protocol.models), protocol.gridSide ** 2, 12, 'study --pde'));
}

export async function studyCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['full', 'preset', 'functions', 'models', 'inits', 'epochs', 'points', 'ntk-points', 'seed', 'out', 'backend', 'pde', 'grid', 'rba-rule']);
  const full = switchFlag(args, 'full');
  const preset = stringFlag(args, 'preset');
  if (preset !== undefined && !(preset in PRESETS)) throw new KanntkError(`--preset: unknown '${preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  if (preset !== undefined && full) throw new KanntkError('--preset and --full both choose the protocol; give one');
  if (args.flags.has('pde')) {
    if (preset !== undefined) throw new KanntkError('--preset applies to the function-fitting study, not to --pde');
    rejectFlags(args, ['functions', 'points', 'ntk-points'], 'to --pde (the PINN study has its collocation grid, --grid)');
    return pdeStudyCommand(args);
  }
  rejectFlags(args, ['grid', 'rba-rule'], 'without --pde (the function-fitting study takes --points)');
  const base = preset !== undefined ? PRESETS[preset] : full ? FULL_PROTOCOL : REDUCED_PROTOCOL;
  const protocol: StudyProtocol = {
    ...base,
    functions: listFlag(args, 'functions', Object.keys(BENCHMARK_FUNCTIONS), base.functions),
    models: listFlag(args, 'models', Object.keys(MODELS), base.models),
    inits: listFlag(args, 'inits', Object.keys(INITS), base.inits),
    epochs: integerFlag(args, 'epochs', base.epochs, 0, 1_000_000),
    nPoints: integerFlag(args, 'points', base.nPoints, 10, 1_000_000),
    nNtk: integerFlag(args, 'ntk-points', base.nNtk, 2, 8192),
    seed: integerFlag(args, 'seed', base.seed, 0, 2 ** 32 - 1),
  };
  if (protocol.nNtk > Math.round(0.8 * protocol.nPoints)) throw new KanntkError(`--ntk-points ${protocol.nNtk} exceeds the ${Math.round(0.8 * protocol.nPoints)} training points`);
  if (stringFlag(args, 'epochs') !== undefined) protocol.checkpoints = evenCheckpoints(base.checkpoints.length, protocol.epochs);
  const total = protocol.functions.length * protocol.models.length * protocol.inits.length;
  await runAndReport(args, 'study', total, { json: 'study.json', report: 'report.html' }, (engine, progress) => runStudy(engine, protocol, { progress }), formatStudyTable,
    (run) => run.guardBatch(largestModel(protocol.models), Math.round(0.8 * protocol.nPoints), 6, 'study'),
    (engine) => calibrateStudy(engine, protocol));
}

// The report of `kanntk study` (function fitting): a summary table, then per
// function the NTK spectra at every checkpoint (one chart per model ×
// initialisation), cond and effective rank over training, and the loss curves.

import { figure, htmlPage, note, table, type Section } from './html-page.js';
import { lineChart, spectrumChart, thin } from './charts.js';
import { backendText, condCell, num, timingText, FLOOR_NOTE } from './report-common.js';

interface Checkpoint {
  step: number;
  cond: number;
  effective_rank: number;
  spectrum: { eigenvalues: (number | null)[]; cond_floor_active?: boolean };
}

interface Run {
  function: string;
  model: string;
  init: string;
  n_params: number;
  checkpoints: Checkpoint[];
  loss: number[];
  final_loss: number;
  test_loss: number;
  rel_l2: number;
  seconds: number;
}

export interface StudyResult {
  protocol: { nPoints: number; nNtk: number; epochs: number; checkpoints: number[]; lr: number; seed: number };
  backend: unknown;
  timing?: unknown;
  runs: Run[];
}

const runLabel = (r: Run) => `${r.model} · ${r.init}`;

function summary(runs: Run[]): Section {
  const rows = runs.map((r) => {
    const a = r.checkpoints[0], b = r.checkpoints[r.checkpoints.length - 1];
    return [
      r.function, r.model, r.init, r.n_params === undefined ? '-' : String(r.n_params),
      a ? condCell(a.cond, a.spectrum.cond_floor_active) : '-', b ? condCell(b.cond, b.spectrum.cond_floor_active) : '-',
      num(a?.effective_rank), num(b?.effective_rank), num(r.final_loss), num(r.test_loss), num(r.rel_l2), typeof r.seconds === 'number' ? `${r.seconds.toFixed(1)} s` : '-',
    ];
  });
  const floored = runs.some((r) => r.checkpoints.some((c) => c.spectrum.cond_floor_active));
  return {
    title: 'Summary',
    intro: 'Condition number and effective rank of the NTK at the first (τ0) and last (τ_end) checkpoint, the final training loss (MSE), the test loss and the relative L2 error on the evaluation grid.',
    parts: [
      table(['function', 'model', 'init', 'params', 'cond τ0', 'cond τ_end', 'eff. rank τ0', 'eff. rank τ_end', 'final loss', 'test loss', 'rel. L2', 'time'], rows),
      ...(floored ? [note(`⌊floor⌋: ${FLOOR_NOTE}`)] : []),
    ],
  };
}

function functionSection(fn: string, runs: Run[], formula: string | undefined): Section {
  const parts: string[] = [];
  for (const r of runs) {
    parts.push(figure(
      spectrumChart(r.checkpoints.map((c) => ({ label: `τ = ${c.step}`, eigenvalues: c.spectrum.eigenvalues })), { legend: 'checkpoint', width: 400 }),
      `${fn}, ${runLabel(r)}: NTK eigenvalues at each checkpoint τ (Adam updates); eigenvalues under the noise floor are left out.`,
    ));
  }
  const over = (pick: (c: Checkpoint) => number) => runs.map((r) => ({ label: runLabel(r), points: r.checkpoints.map((c) => [c.step, pick(c)] as [number, number]) }));
  const steps = runs[0]?.checkpoints.map((c) => c.step) ?? [];
  parts.push(figure(lineChart(over((c) => c.cond), { xLabel: 'τ (Adam updates) →', yLabel: '↑ cond(K)', yLog: true, legend: 'model · init', width: 400 }),
    `${fn}: condition number of the NTK over training (log scale; floored values sit at 1e9).`));
  parts.push(figure(lineChart(over((c) => c.effective_rank), { xLabel: 'τ (Adam updates) →', yLabel: '↑ effective rank', legend: 'model · init', width: 400 }),
    `${fn}: effective rank of the NTK over training.`));
  parts.push(figure(
    lineChart(runs.map((r) => ({ label: runLabel(r), points: thin(r.loss) })), {
      xLabel: 'epoch (full-batch Adam update) →', yLabel: '↑ training loss (MSE)', yLog: true, legend: 'model · init', width: 400,
      rulesX: steps.slice(1).map((s) => ({ x: s, label: `τ=${s}` })),
    }),
    `${fn}: training loss; dashed lines mark the NTK checkpoints.`,
  ));
  return { title: formula ? `${fn}: ${formula.replace(/^f\d\(x\)\s*=\s*/, '')}` : fn, parts };
}

/** The report's sections; runs may be partial (a run in progress has checkpoints but no loss yet). */
export function studySections(result: Pick<StudyResult, 'runs'>, formulas: Record<string, string> = {}): Section[] {
  const functions = [...new Set(result.runs.map((r) => r.function))];
  return [summary(result.runs), ...functions.map((fn) => functionSection(fn, result.runs.filter((r) => r.function === fn), formulas[fn]))];
}

export function studyReport(result: StudyResult, formulas: Record<string, string> = {}): string {
  const p = result.protocol;
  const functions = [...new Set(result.runs.map((r) => r.function))];
  return htmlPage({
    title: 'kanntk study: NTK spectra of KANs while fitting functions',
    facts: [
      ['protocol', `${p.nPoints} points (80 % training), NTK on ${p.nNtk} training points drawn with seed ${p.seed}, ${p.epochs} full-batch Adam updates at lr ${p.lr}, checkpoints τ = ${p.checkpoints.join(', ')}`],
      ['runs', `${result.runs.length} (${functions.join(', ')} × models × initialisations)`],
      ['backend', backendText(result.backend)],
      ...(result.timing ? [['time', timingText(result.timing)] as [string, string]] : []),
    ],
    sections: studySections(result, formulas),
  });
}

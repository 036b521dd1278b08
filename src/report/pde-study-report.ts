// The report of `kanntk study --pde`: a summary table, the K_EE and K_BB
// spectra at the checkpoints, their condition numbers over training, the loss
// curves, and the solution: reference, each trained model's prediction, and
// its error, as heatmaps over the domain.

import { figure, htmlPage, note, table, type Section } from './html-page.js';
import { heatmapChart, lineChart, spectrumChart, thin } from './charts.js';
import { backendText, condCell, num, timingText, FLOOR_NOTE } from './report-common.js';

interface Block { cond: number; cond_floor_active?: boolean; effective_rank: number; eigenvalues: (number | null)[] }
interface Field { side: number; inputs: string[]; domain: Record<string, [number, number]>; values: number[] }
interface Run { model: string; init: string; checkpoints: { step: number; K_EE: Block; K_BB: Block }[]; prediction?: Field; loss: number[]; final_loss: number; rel_l2: number; seconds: number }

export interface PdeStudyResult {
  protocol: { pde: string; gridSide: number; nNtkInterior: number; nNtkBoundary: number; steps: number; checkpoints: number[]; lr: number; seed: number; rbaRule?: string };
  backend: unknown;
  timing?: unknown;
  reference?: Field;
  runs: Run[];
}

const runLabel = (r: Run) => `${r.model} · ${r.init}`;

function summary(runs: Run[]): Section {
  const rows = runs.map((r) => {
    const a = r.checkpoints[0], b = r.checkpoints[r.checkpoints.length - 1];
    const c = (x: Block | undefined) => (x ? condCell(x.cond, x.cond_floor_active) : '-');
    return [r.model, r.init, c(a?.K_EE), c(b?.K_EE), c(a?.K_BB), c(b?.K_BB), num(r.final_loss), num(r.rel_l2), typeof r.seconds === 'number' ? `${r.seconds.toFixed(1)} s` : '-'];
  });
  const floored = runs.some((r) => r.checkpoints.some((c) => c.K_EE.cond_floor_active || c.K_BB.cond_floor_active));
  return {
    title: 'Summary',
    intro: 'Condition numbers of the RBA-weighted residual block K_EE and boundary block K_BB at the first and last checkpoint, the final weighted loss and the relative L2 error against the reference solution.',
    parts: [
      table(['model', 'init', 'cond K_EE τ0', 'cond K_EE τ_end', 'cond K_BB τ0', 'cond K_BB τ_end', 'final loss', 'rel. L2', 'time'], rows),
      ...(floored ? [note(`⌊floor⌋: ${FLOOR_NOTE}`)] : []),
    ],
  };
}

function spectraSection(runs: Run[]): Section {
  const parts: string[] = [];
  for (const r of runs) {
    for (const block of ['K_EE', 'K_BB'] as const) {
      parts.push(figure(
        spectrumChart(r.checkpoints.map((c) => ({ label: `τ = ${c.step}`, eigenvalues: c[block].eigenvalues })), { legend: 'checkpoint', width: 400 }),
        `${runLabel(r)}: eigenvalues of ${block} at each checkpoint τ (training steps).`,
      ));
    }
  }
  return { title: 'NTK spectra', intro: 'K_EE: the kernel of the PDE residuals on the interior points; K_BB: of the boundary/initial values. Eigenvalues under the noise floor are left out.', parts };
}

function trainingSection(runs: Run[]): Section {
  const over = (block: 'K_EE' | 'K_BB') => runs.map((r) => ({ label: runLabel(r), points: r.checkpoints.map((c) => [c.step, c[block].cond] as [number, number]) }));
  const steps = runs[0]?.checkpoints.map((c) => c.step) ?? [];
  return {
    title: 'Training',
    parts: [
      figure(lineChart(over('K_EE'), { xLabel: 'τ (steps) →', yLabel: '↑ cond(K_EE)', yLog: true, legend: 'model · init', width: 400 }), 'Condition number of K_EE over training.'),
      figure(lineChart(over('K_BB'), { xLabel: 'τ (steps) →', yLabel: '↑ cond(K_BB)', yLog: true, legend: 'model · init', width: 400 }), 'Condition number of K_BB over training.'),
      figure(lineChart(runs.map((r) => ({ label: runLabel(r), points: thin(r.loss) })), {
        xLabel: 'step (RBA-weighted Adam update) →', yLabel: '↑ weighted loss', yLog: true, legend: 'model · init', width: 400,
        rulesX: steps.slice(1).map((s) => ({ x: s, label: `τ=${s}` })),
      }), 'Weighted physics-informed loss; dashed lines mark the NTK checkpoints.'),
    ],
  };
}

function solutionSection(reference: Field, runs: Run[]): Section {
  const [a, b] = reference.inputs;
  const base = { x: reference.domain[a], y: reference.domain[b], xLabel: `${a} →`, yLabel: `↑ ${b}` };
  const referenceChart = heatmapChart(reference.values, reference.side, { ...base, label: 'u (reference)' });
  const parts: string[] = [];
  // one row per run: the reference beside the prediction and its error
  for (const r of runs) {
    if (!r.prediction || r.prediction.side !== reference.side) continue;
    const pred = r.prediction.values;
    parts.push(figure(referenceChart, 'Reference solution u.'));
    parts.push(figure(heatmapChart(pred, reference.side, { ...base, label: 'u (model)' }), `${runLabel(r)}: the trained model's u.`));
    parts.push(figure(heatmapChart(pred.map((v, i) => v - reference.values[i]), reference.side, { ...base, label: 'u − u_ref', scheme: 'diverging' }),
      `${runLabel(r)}: error u − u_ref (relative L2 ${num(r.rel_l2)}).`));
  }
  return { title: 'Solution', intro: `The solution on a ${reference.side}×${reference.side} grid over the domain.`, parts };
}

/** The report's sections; runs may be partial (a run in progress has checkpoints but no loss yet). */
export function pdeStudySections(result: Pick<PdeStudyResult, 'runs' | 'reference'>): Section[] {
  return [summary(result.runs), spectraSection(result.runs), trainingSection(result.runs), ...(result.reference ? [solutionSection(result.reference, result.runs)] : [])];
}

export function pdeStudyReport(result: PdeStudyResult): string {
  const p = result.protocol;
  return htmlPage({
    title: `kanntk study: physics-informed KAN, ${p.pde}`,
    facts: [
      ['protocol', `${p.gridSide}×${p.gridSide} collocation grid, ${p.steps} RBA-weighted Adam steps at lr ${p.lr}${p.rbaRule ? ` (RBA rule: ${p.rbaRule})` : ''}, K_EE on ${p.nNtkInterior} and K_BB on ${p.nNtkBoundary} points, checkpoints τ = ${p.checkpoints.join(', ')}`],
      ['runs', String(result.runs.length)],
      ['backend', backendText(result.backend)],
      ...(result.timing ? [['time', timingText(result.timing)] as [string, string]] : []),
    ],
    sections: pdeStudySections(result),
  });
}

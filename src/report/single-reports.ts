// Reports of the one-shot commands: `ntk` and `pde-ntk` (spectra and their
// metrics), `hessian` (extreme eigenvalues, trace, spectral density) and
// `landscape` (loss along the line between two models).

import { figure, htmlPage, note, table, type Section } from './html-page.js';
import { lineChart, spectrumChart } from './charts.js';
import { backendText, condCell, num, timingText } from './report-common.js';

type Json = Record<string, unknown>;
const list = (v: unknown): (number | null)[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : null)) : []);

function facts(result: Json, extra: [string, string][]): [string, string][] {
  return [...extra, ['backend', backendText(result.backend)], ...(result.timing ? [['time', timingText(result.timing)] as [string, string]] : [])];
}

function metricsTable(spectra: [string, Json][]): string {
  return table(
    ['kernel', 'n', 'λ_max', 'λ_min (resolved)', 'cond', 'effective rank', 'effective dim', 'trace', 'under noise floor'],
    spectra.map(([name, s]) => [
      name, String(list(s.eigenvalues).length), num(s.lambda_max), num(s.lambda_min), condCell(s.cond, s.cond_floor_active),
      num(s.effective_rank), num(s.effective_dim), num(s.trace), String(s.n_unresolved ?? '-'),
    ]),
  );
}

/** `kanntk ntk` */
export function ntkReport(result: Json): string {
  return htmlPage({
    title: 'kanntk ntk: the empirical NTK spectrum',
    facts: facts(result, [['method', String(result.method ?? 'structured')], ['noise floor', num(result.noise_floor)]]),
    sections: [{
      title: 'Spectrum',
      intro: 'Eigenvalues of the empirical NTK in descending order (log scale); eigenvalues under the noise floor of the precision used are left out.',
      parts: [metricsTable([['K', result]]), figure(spectrumChart([{ label: 'K', eigenvalues: list(result.eigenvalues) }]), 'NTK eigenvalues.')],
    }],
  });
}

/** `kanntk pde-ntk` */
export function pdeNtkReport(result: Json): string {
  const interior = result.interior as Json, boundary = result.boundary as Json;
  return htmlPage({
    title: `kanntk pde-ntk: residual and boundary NTK spectra${result.pde ? `, ${String(result.pde)}` : ''}`,
    facts: facts(result, []),
    sections: [{
      title: 'Spectra',
      intro: 'K_EE: the kernel of the PDE residuals on the interior points; K_BB: of the boundary values (both with their RBA weights).',
      parts: [
        metricsTable([['K_EE', interior], ['K_BB', boundary]]),
        figure(spectrumChart([{ label: 'K_EE', eigenvalues: list(interior.eigenvalues) }, { label: 'K_BB', eigenvalues: list(boundary.eigenvalues) }], { legend: 'block' }), 'Eigenvalues of K_EE and K_BB.'),
      ],
    }],
  });
}

/** `kanntk hessian` */
export function hessianReport(result: Json): string {
  const sections: Section[] = [];
  const top = list(result.top), bottom = list(result.bottom);
  const rows: string[][] = [['loss', num(result.loss)], ['parameters', String(result.n_params)]];
  if (top.length) rows.push(['largest eigenvalues', top.slice(0, 6).map(num).join(', ') + (top.length > 6 ? ', …' : '')]);
  if (bottom.length) rows.push(['smallest eigenvalues', bottom.slice(0, 6).map(num).join(', ') + (bottom.length > 6 ? ', …' : '')]);
  if (typeof result.trace === 'number') rows.push(['trace (Hutchinson)', `${num(result.trace)} ± ${num(result.trace_stderr)}`]);
  rows.push(['Hessian-vector products', String(result.hvp_count ?? '-')]);
  const parts = [table(['quantity', 'value'], rows)];
  if (top.length || bottom.length) {
    const series = [
      ...(top.length ? [{ label: 'top', points: top.map((l, i) => [i + 1, l] as [number, number | null]) }] : []),
      ...(bottom.length ? [{ label: 'bottom', points: bottom.map((l, i) => [i + 1, l] as [number, number | null]) }] : []),
    ];
    parts.push(figure(lineChart(series, { xLabel: 'rank i (from the end) →', yLabel: '↑ eigenvalue', dots: true, legend: 'end of the spectrum' }), 'Extreme eigenvalues of the loss Hessian (Lanczos).'));
  }
  const density = result.density as Json | undefined;
  if (density) {
    const grid = list(density.grid), dens = list(density.density);
    const positive = dens.filter((d): d is number => d !== null && d > 0);
    const floor = positive.length ? Math.max(Math.min(...positive), Math.max(...positive) * 1e-12) : 1e-12;
    parts.push(figure(
      lineChart([{ label: 'density', points: grid.map((g, i) => [g ?? NaN, Math.max(dens[i] ?? 0, floor)] as [number, number]) }], { xLabel: 'eigenvalue λ →', yLabel: '↑ density', yLog: true }),
      `Spectral density of the Hessian (stochastic Lanczos quadrature, ${String(density.vectors)} vectors × ${String(density.steps)} steps, Gaussian width σ = ${num(density.sigma)}), log scale.`,
    ));
  }
  sections.push({ title: 'Curvature of the loss', parts });
  if (result.eigen_converged === false) sections[0].parts.push(note('Lanczos did not converge for every requested eigenvalue: treat the last ones as estimates.'));
  return htmlPage({ title: 'kanntk hessian: curvature of the loss', facts: facts(result, [['loss function', String(result.loss_function ?? 'mse')]]), sections });
}

/** `kanntk landscape` */
export function landscapeReport(result: Json): string {
  const alphas = list(result.alphas);
  const datasets = (result.datasets as Json[]).map((d, i) => ({
    label: typeof d.input === 'string' ? d.input.split(/[\\/]/).pop()! : `data set ${i + 1}`,
    points: list(d.loss).map((l, k) => [alphas[k] ?? NaN, l] as [number, number | null]),
  }));
  const positive = datasets.every((d) => d.points.every(([, l]) => l === null || l > 0));
  const states = result.interpolate === 'states';
  const sections: Section[] = [{
    title: 'Loss along the line',
    intro: states
      ? 'The loss of the model state (1 − α)·S0 + α·S1, every array interpolated, grids included: α = 0 is the first model, α = 1 the second.'
      : 'The loss at θ(α) = (1 − α)·θ0 + α·θ1: α = 0 is the first model, α = 1 the second.',
    parts: [figure(lineChart(datasets, {
      xLabel: 'α →', yLabel: '↑ loss', yLog: positive, legend: 'data set', width: 560,
      rulesX: [{ x: 0, label: 'θ0' }, { x: 1, label: 'θ1' }],
    }), 'Loss along the line from θ0 to θ1, one curve per data set.')],
  }];
  const densities = Array.isArray(result.densities) ? (result.densities as Json[]) : [];
  if (densities.length > 0) {
    // at most 7 curves stay readable: evenly spaced α, the ends kept
    const pick = densities.length <= 7 ? densities : Array.from({ length: 7 }, (_, k) => densities[Math.round((k * (densities.length - 1)) / 6)]);
    sections.push({
      title: 'Hessian spectral density along the line',
      intro: `The density of the loss Hessian's eigenvalues (stochastic Lanczos quadrature, Gaussian-broadened) on ${String(result.density_data ?? 'the first data set')} at each α${pick.length < densities.length ? ` (${pick.length} of the ${densities.length} α shown)` : ''}.`,
      parts: [figure(lineChart(pick.map((d) => ({ label: `α = ${num(d.alpha)}`, points: list(d.grid).map((g, k) => [g ?? NaN, list(d.density)[k]] as [number, number | null]) })), {
        xLabel: 'eigenvalue λ →', yLabel: '↑ density', legend: 'α', width: 560,
      }), 'Spectral densities of the Hessian, one curve per α.')],
    });
  }
  return htmlPage({
    title: 'kanntk landscape: the loss between two models',
    facts: facts(result, [['loss function', String(result.loss_function ?? 'mse')], ['interpolation', states ? 'whole states (grids included)' : 'parameters'], ['data sets', datasets.map((d) => d.label).join(', ')], ['α', `${alphas.length} values from ${num(alphas[0])} to ${num(alphas[alphas.length - 1])}`]]),
    sections,
  });
}

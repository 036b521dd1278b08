// The report of `kanntk hybrid`: accuracy and loss per epoch for the hybrid
// (SGD, then NTK-1 from the switch) and for SGD alone from the same point, the
// switch marked; the switch rule's monitor against its threshold.

import { figure, htmlPage, note, table, type Section } from './html-page.js';
import { lineChart, type Series } from './charts.js';
import { backendText, num, timingText } from './report-common.js';
import type { HybridResultFile, PhaseFile } from '../classify/hybrid-file.js';

const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : 'n/a');
const last = <T>(a: T[]) => a[a.length - 1];

/** [epoch, value] pairs: epoch 0 from `initial`, then the SGD phase, then a phase that follows it. */
function curve(r: HybridResultFile, field: keyof PhaseFile, after?: PhaseFile): [number, number | null][] {
  const sgd = r.sgd[field] as (number | null)[];
  const points: [number, number | null][] = [[0, r.initial[field as keyof typeof r.initial] as number | null], ...sgd.map((v, i) => [i + 1, v] as [number, number | null])];
  if (after) points.push(...(after[field] as (number | null)[]).map((v, i) => [sgd.length + i + 1, v] as [number, number | null]));
  return points;
}

function phaseRow(name: string, epochs: number, p: PhaseFile): string[] {
  return [name, String(epochs), num(last(p.train_loss)), pct(last(p.train_acc)), num(last(p.val_loss)), pct(last(p.val_acc))];
}

/** The threshold T of a windowed rule ('param-norm:K:T', 'ntk-norm:K:T'), else null. */
function threshold(rule: string): number | null {
  const parts = rule.split(':');
  return (parts[0] === 'param-norm' || parts[0] === 'ntk-norm') && parts.length === 3 ? Number(parts[2]) : null;
}

export function hybridReport(r: HybridResultFile): string {
  const E = r.sgd.train_loss.length, T = r.ntk.train_loss.length;
  const hybridAfter = r.switched ? r.ntk : undefined;
  const rules = r.switched ? [{ x: E, label: `switch (epoch ${E})` }] : [];
  const metricSeries = (field: 'train_acc' | 'val_acc' | 'train_loss' | 'val_loss', what: string): Series[] => [
    { label: `${r.switched ? 'SGD → NTK-1' : 'SGD'}, ${what}`, points: curve(r, field, hybridAfter) },
    ...(r.sgd_alone ? [{ label: `SGD alone, ${what}`, points: curve(r, field, r.sgd_alone).slice(E) }] : []),
  ];

  const rows = [phaseRow(r.switched ? `SGD ${E} → NTK-1 ${T}` : 'SGD', E + (r.switched ? T : 0), r.switched && T > 0 ? r.ntk : r.sgd)];
  if (r.sgd_alone) rows.push(phaseRow('SGD alone', E + r.sgd_alone.train_loss.length, r.sgd_alone));
  if (r.switched && T > 0) rows.push(phaseRow('at the switch', E, r.sgd));

  const sections: Section[] = [{
    title: 'Accuracy and loss',
    intro: r.switched
      ? `SGD for ${E} epochs, then ${T} epochs of NTK-1 (the Jacobian frozen at the switch, ${r.ntk.variant === 'linearized' ? 'errors from the linearised model' : 'errors from the network'}). SGD alone goes on from the same point with the same batch order, for comparison.`
      : `The rule did not fire within ${r.sgd_epoch_limit} SGD epochs${r.switch_rule.startsWith('scout') ? ' (scouting: it never does)' : ''}: no NTK phase.`,
    parts: [
      table(['run', 'epochs', 'train loss', 'train acc', 'val loss', 'val acc'], rows),
      // from epoch 1: the untrained model's chance-level accuracy would squash the differences that matter
      figure(lineChart([...metricSeries('val_acc', 'validation'), ...metricSeries('train_acc', 'training')].map((s) => ({ ...s, points: s.points.filter(([e]) => e >= 1) })),
        { xLabel: 'epoch →', yLabel: '↑ accuracy', rulesX: rules, legend: 'run', zeroLine: false }), 'Accuracy after every epoch.'),
      figure(lineChart([...metricSeries('val_loss', 'validation'), ...metricSeries('train_loss', 'training')], { xLabel: 'epoch →', yLabel: '↑ cross-entropy', yLog: true, rulesX: rules, legend: 'run' }), 'Mean softmax cross-entropy after every epoch (log scale).'),
    ],
  }];

  const monitorSeries: Series[] = [];
  const named = r.switch_rule.startsWith('scout') ? 'param-norm m_e (K = 1)' : `m_e of ${r.switch_rule.split(':')[0]}`;
  if (r.sgd.monitor.some((m) => m !== null)) monitorSeries.push({ label: named, points: r.sgd.monitor.map((m, i) => [i + 1, m]) });
  if (r.sgd.ntk_monitor) monitorSeries.push({ label: 'ntk-norm m_e (K = 1)', points: r.sgd.ntk_monitor.map((m, i) => [i + 1, m]) });
  const T0 = threshold(r.switch_rule);
  if (T0 !== null) monitorSeries.push({ label: `threshold T = ${num(T0)}`, points: [[1, T0], [Math.max(E, 2), T0]] });
  if (monitorSeries.length > 0) {
    const parts = [figure(lineChart(monitorSeries, { xLabel: 'SGD epoch →', yLabel: '↑ monitor', yLog: true, rulesX: rules, legend: 'series' }), r.switch_rule.startsWith('scout') ? 'Both monitors after every SGD epoch (log scale), K = 1: thresholds for param-norm:K:T or ntk-norm:K:T can be read off here (m_e grows about K-fold with the window K).' : 'The switch monitor after every SGD epoch (log scale); the rule fires at the first value under the threshold.')];
    if (r.sgd.ntk_distance) parts.push(figure(lineChart([{ label: 'd_e', points: [[0, 0], ...r.sgd.ntk_distance.map((d, i) => [i + 1, d] as [number, number])] }], { xLabel: 'SGD epoch →', yLabel: '↑ ‖K_e − K_0‖_F', rulesX: rules }), 'How far the NTK on the monitor points has moved from its value at the start.'));
    sections.push({ title: 'Switch monitor', intro: `Rule ${r.switch_rule}.`, parts });
  }
  const t = r.timing as Record<string, number>;
  const ms = (v: number | undefined) => (typeof v === 'number' && v > 0 ? `${(1000 * v).toFixed(1)} ms` : 'n/a');
  sections.push({
    title: 'Time per epoch',
    parts: [
      table(['phase', 'per epoch', 'total'], [
        ['SGD updates', ms(t.sgd_epoch_s), ms(t.sgd_s)],
        ['monitor', ms(t.monitor_epoch_s), ms(t.monitor_s)],
        ['NTK-1 updates', ms(t.ntk_epoch_s), ms(t.ntk_s)],
        ['SGD alone', r.sgd_alone && r.sgd_alone.train_loss.length ? ms(t.sgd_alone_s / r.sgd_alone.train_loss.length) : 'n/a', ms(t.sgd_alone_s)],
      ]),
      note('Updates alone; the metrics on the whole training and validation sets after every epoch are not included.'),
    ],
  });

  const data = r.data as Record<string, unknown>;
  return htmlPage({
    title: 'kanntk hybrid: SGD, then NTK-guided training',
    facts: [
      ['data', `${String(data.source ?? '?')}: ${String(data.n_train ?? '?')} training, ${String(data.n_val ?? '?')} validation rows, ${r.classes.length} classes`],
      ['switch', r.switched ? `${r.switch_rule}, after SGD epoch ${r.epoch_at_switch}` : `${r.switch_rule}, did not switch`],
      ['backend', backendText(r.backend)],
      ['time', timingText(r.timing)],
    ],
    sections,
  });
}

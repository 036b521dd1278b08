// The hybrid classifier's result as a JSON file (what `kanntk hybrid` writes and
// `kanntk report` reads): snake_case fields, per-epoch arrays per phase.

import type { ModelSpec } from '../kan/layer-types.js';
import type { HybridResult, PhaseHistory, EpochMetrics } from './hybrid.js';
import type { SwitchRule } from './switch-rules.js';

export interface PhaseFile {
  train_loss: number[];
  train_acc: number[];
  val_loss: (number | null)[];
  val_acc: (number | null)[];
}

export interface HybridResultFile {
  classes: string[];
  /** the rule as given, e.g. "ntk-norm:3:0.05" */
  switch_rule: string;
  switched: boolean;
  epoch_at_switch: number | null;
  sgd_epoch_limit: number;
  initial: { train_loss: number; train_acc: number; val_loss: number | null; val_acc: number | null };
  sgd: PhaseFile & { monitor: (number | null)[]; ntk_distance?: number[]; ntk_monitor?: (number | null)[] };
  ntk: PhaseFile & { variant: 'network' | 'linearized' };
  /** SGD alone continued from the switch for the NTK phase's epochs (null when not switched or not run) */
  sgd_alone: PhaseFile | null;
  settings: Record<string, unknown>;
  data: Record<string, unknown>;
  timing: Record<string, number>;
  backend?: Record<string, unknown>;
  model: ModelSpec;
}

const phaseFile = (h: PhaseHistory): PhaseFile => ({ train_loss: h.trainLoss, train_acc: h.trainAcc, val_loss: h.valLoss, val_acc: h.valAcc });
const metricsFile = (m: EpochMetrics) => ({ train_loss: m.trainLoss, train_acc: m.trainAcc, val_loss: m.valLoss, val_acc: m.valAcc });
const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** The rule back as its command-line spelling. */
export function formatSwitchRule(rule: SwitchRule): string {
  switch (rule.kind) {
    case 'fixed':
      return `fixed:${rule.epoch}`;
    case 'scout':
      return `scout:${rule.epochs}`;
    default:
      return `${rule.kind}:${rule.window}:${rule.threshold}`;
  }
}

/** Per-phase seconds: totals and means per epoch (the updates alone; metrics and monitors apart). */
export function hybridTiming(r: HybridResult): Record<string, number> {
  return {
    sgd_s: sum(r.sgd.seconds),
    sgd_epoch_s: mean(r.sgd.seconds),
    monitor_s: sum(r.sgd.monitorSeconds) + r.monitorSetupSeconds,
    monitor_epoch_s: mean(r.sgd.monitorSeconds),
    ntk_s: sum(r.ntk.seconds),
    ntk_epoch_s: mean(r.ntk.seconds),
    sgd_alone_s: r.baseline ? sum(r.baseline.seconds) : 0,
  };
}

export function hybridResultFile(r: HybridResult, context: { rule: SwitchRule; classes: string[]; variant: 'network' | 'linearized'; settings: Record<string, unknown>; data: Record<string, unknown>; model: ModelSpec }): HybridResultFile {
  return {
    classes: context.classes,
    switch_rule: formatSwitchRule(context.rule),
    switched: r.switched,
    epoch_at_switch: r.epochAtSwitch,
    sgd_epoch_limit: r.sgdEpochLimit,
    initial: metricsFile(r.initial),
    sgd: {
      ...phaseFile(r.sgd),
      monitor: r.sgd.monitor,
      ...(r.sgd.ntkDistance ? { ntk_distance: r.sgd.ntkDistance } : {}),
      ...(r.sgd.ntkMonitor ? { ntk_monitor: r.sgd.ntkMonitor } : {}),
    },
    ntk: { ...phaseFile(r.ntk), variant: context.variant },
    sgd_alone: r.baseline ? phaseFile(r.baseline) : null,
    settings: context.settings,
    data: context.data,
    timing: hybridTiming(r),
    model: context.model,
  };
}

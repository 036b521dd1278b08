// From any kanntk result file to its HTML report: recognise which command wrote
// it by its fields, check the fields the report reads, and build the page.

import { KanntkError } from '../errors.js';
import { BENCHMARK_FUNCTIONS } from '../study/benchmark-functions.js';
import { studyReport, type StudyResult } from './study-report.js';
import { pdeStudyReport, type PdeStudyResult } from './pde-study-report.js';
import { hessianReport, landscapeReport, ntkReport, pdeNtkReport } from './single-reports.js';
import { IS_RESULT } from './report-common.js';
import { hybridReport } from './hybrid-report.js';
import { discoverReport, type DiscoverResultFile } from './discover-report.js';
import type { HybridResultFile } from '../classify/hybrid-file.js';

/** Throws unless a hybrid result carries the per-epoch arrays its charts read. */
function checkHybrid(result: Record<string, unknown>, source: string): void {
  for (const phase of ['sgd', 'ntk']) {
    const p = result[phase] as Record<string, unknown>;
    for (const f of ['train_loss', 'train_acc', 'val_loss', 'val_acc']) if (!isArray(p[f])) throw new KanntkError(`report: ${source}: ${phase}.${f} must be an array`);
  }
  if (!isArray(result.sgd && (result.sgd as Record<string, unknown>).monitor)) throw new KanntkError(`report: ${source}: sgd.monitor must be an array`);
  if (!IS_RESULT(result.initial)) throw new KanntkError(`report: ${source}: no 'initial' metrics`);
  if (!isArray(result.classes)) throw new KanntkError(`report: ${source}: no 'classes'`);
}

export type ResultKind = 'study' | 'pde-study' | 'ntk' | 'pde-ntk' | 'hessian' | 'landscape' | 'hybrid' | 'discover';

const isArray = Array.isArray;

/** Which command wrote `result`, or null when no kanntk command writes this shape. */
export function resultKind(result: unknown): ResultKind | null {
  if (!IS_RESULT(result)) return null;
  if (isArray(result.runs) && IS_RESULT(result.protocol)) return typeof result.protocol.pde === 'string' ? 'pde-study' : 'study';
  if (isArray(result.eigenvalues) && 'effective_rank' in result) return 'ntk';
  if (IS_RESULT(result.interior) && IS_RESULT(result.boundary) && isArray(result.interior.eigenvalues)) return 'pde-ntk';
  if (isArray(result.alphas) && isArray(result.datasets)) return 'landscape';
  if ('hvp_count' in result && 'n_params' in result) return 'hessian';
  if (typeof result.switch_rule === 'string' && IS_RESULT(result.sgd) && IS_RESULT(result.ntk)) return 'hybrid';
  if (isArray(result.formula) && isArray(result.edges) && IS_RESULT(result.mse)) return 'discover';
  return null;
}

/** Throws unless every run of a study carries the fields its charts read. */
function checkRuns(result: Record<string, unknown>, fields: string[], source: string): void {
  const runs = result.runs as unknown[];
  runs.forEach((r, i) => {
    if (!IS_RESULT(r)) throw new KanntkError(`report: ${source}: runs[${i}] is not an object`);
    for (const f of fields) if (!(f in r)) throw new KanntkError(`report: ${source}: runs[${i}] has no '${f}'`);
    if (!isArray(r.checkpoints) || !isArray(r.loss)) throw new KanntkError(`report: ${source}: runs[${i}].checkpoints and .loss must be arrays`);
  });
}

/** The self-contained HTML report of a parsed result file (`source` names it in errors). */
export function buildReport(result: unknown, source = 'the result'): string {
  const kind = resultKind(result);
  if (kind === null) {
    throw new KanntkError(`report: ${source} is not a kanntk result (expected the JSON written by study, study --pde, ntk, pde-ntk, hessian, landscape, hybrid or discover)`);
  }
  const r = result as Record<string, unknown>;
  switch (kind) {
    case 'study':
      checkRuns(r, ['function', 'model', 'init', 'checkpoints', 'loss', 'final_loss', 'rel_l2'], source);
      return studyReport(r as unknown as StudyResult, Object.fromEntries(Object.entries(BENCHMARK_FUNCTIONS).map(([k, f]) => [k, f.formula])));
    case 'pde-study':
      checkRuns(r, ['model', 'init', 'checkpoints', 'loss', 'final_loss', 'rel_l2'], source);
      return pdeStudyReport(r as unknown as PdeStudyResult);
    case 'ntk':
      return ntkReport(r);
    case 'pde-ntk':
      return pdeNtkReport(r);
    case 'hessian':
      return hessianReport(r);
    case 'landscape':
      return landscapeReport(r);
    case 'discover':
      if (!isArray(r.latex) || !IS_RESULT(r.widths)) throw new KanntkError(`report: ${source}: a discover result needs 'latex' and 'widths'`);
      return discoverReport(r as unknown as DiscoverResultFile);
    case 'hybrid':
      checkHybrid(r, source);
      return hybridReport(r as unknown as HybridResultFile);
  }
}

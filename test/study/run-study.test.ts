// The study protocol end to end on a tiny configuration, and its report.
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { runStudy, formatStudyTable } from '../../src/study/run-study.js';
import { REDUCED_PROTOCOL } from '../../src/study/protocol.js';
import { uniformSplit, evaluationGrid } from '../../src/study/dataset.js';

describe('study', () => {
  it('data: seeded uniform points in [−1,1]², 80/20 split; the grid covers the corners', () => {
    const a = uniformSplit(100, 5), b = uniformSplit(100, 5);
    expect(a).toEqual(b);
    expect(a.train.shape).toEqual([80, 2]);
    expect(a.test.shape).toEqual([20, 2]);
    expect([...a.train.data, ...a.test.data].every((v) => v >= -1 && v < 1)).toBe(true);
    const g = evaluationGrid(3);
    expect(Array.from(g.data)).toEqual([-1, -1, -1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 1, -1, 1, 0, 1, 1]);
  });

  it('a tiny run: spectra at every checkpoint, a falling loss, finite errors, and the table', async () => {
    const engine = await createEngine({ backend: 'wasm' });
    const seen: { checkpoints: string[]; runs: unknown[]; progress: string[] } = { checkpoints: [], runs: [], progress: [] };
    const report = await runStudy(engine, {
      ...REDUCED_PROTOCOL, nPoints: 200, nNtk: 24, epochs: 40, checkpoints: [0, 20, 40], gridSide: 20,
      functions: ['f1', 'f2'], models: ['small'], inits: ['baseline', 'power'],
    }, {
      progress: (message, done, total) => seen.progress.push(`${message} ${done}/${total}`),
      onCheckpoint: (run, c) => seen.checkpoints.push(`${run.function} ${run.init} τ=${c.step}`),
      onRun: (record) => seen.runs.push(record),
    });
    engine.dispose();
    expect(report.runs.length).toBe(4);
    // the events arrive as the work is done, in order, carrying the records the report holds
    expect(seen.progress).toEqual(['f1 small baseline 0/4', 'f1 small power 1/4', 'f2 small baseline 2/4', 'f2 small power 3/4', 'done 4/4']);
    expect(seen.checkpoints.slice(0, 4)).toEqual(['f1 baseline τ=0', 'f1 baseline τ=20', 'f1 baseline τ=40', 'f1 power τ=0']);
    expect(seen.checkpoints.length).toBe(12);
    expect(seen.runs).toEqual(report.runs);
    for (const r of report.runs) {
      expect(r.checkpoints.map((c) => c.step)).toEqual([0, 20, 40]);
      for (const c of r.checkpoints) {
        expect((c.spectrum.eigenvalues as unknown[]).length).toBe(24);
        expect(c.cond).toBeGreaterThanOrEqual(1);
        expect(c.effective_rank).toBeGreaterThanOrEqual(1);
      }
      expect(r.loss.length).toBe(41);
      expect(r.final_loss).toBeLessThan(r.loss[0]);
      expect(Number.isFinite(r.rel_l2) && Number.isFinite(r.test_loss)).toBe(true);
    }
    const table = formatStudyTable(report);
    expect(table.split('\n').length).toBe(3 + 4);
    expect(table).toMatch(/f2\s+small\s+power/);
  });
});

// The PINN study protocol end to end on a tiny configuration, for each built-in PDE.
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { runPdeStudy, formatPdeStudyTable, REDUCED_PDE_PROTOCOL } from '../../src/study/run-pde-study.js';

describe('PINN study', () => {
  for (const pde of ['helmholtz', 'burgers', 'allen-cahn'] as const) {
    it(`${pde}: K_EE / K_BB spectra at the checkpoints, the loss and the relative L2 error`, async () => {
      const engine = await createEngine({ backend: 'wasm' });
      const report = await runPdeStudy(engine, {
        ...REDUCED_PDE_PROTOCOL, pde, gridSide: 6, nNtkInterior: 8, nNtkBoundary: 6, steps: 4, checkpoints: [0, 4], evalSide: 9, inits: ['glorot'],
      });
      engine.dispose();
      const [run] = report.runs;
      expect(run.checkpoints.map((c) => c.step)).toEqual([0, 4]);
      for (const c of run.checkpoints) {
        expect(c.K_EE.eigenvalues.length).toBe(8);
        expect(c.K_BB.eigenvalues.length).toBe(6);
        expect(c.K_EE.cond).toBeGreaterThanOrEqual(1);
      }
      expect(run.loss.length).toBe(5);
      expect(Number.isFinite(run.rel_l2) && run.rel_l2 > 0).toBe(true);
      expect(formatPdeStudyTable(report)).toMatch(new RegExp(`PINN study: ${pde}`));
    }, 60_000);
  }
});

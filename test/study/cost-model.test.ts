// The study's cost projection: every model of the protocol timed, runs
// projected in the order the study runs them, the total their sum.
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { calibrateStudy } from '../../src/study/cost-model.js';
import { REDUCED_PROTOCOL } from '../../src/study/protocol.js';

describe('calibrateStudy', () => {
  it('projects epochs × step + checkpoints × NTK for each run, in the order the study runs them', async () => {
    const engine = await createEngine({ backend: 'wasm' });
    try {
      const p = { ...REDUCED_PROTOCOL, nPoints: 200, nNtk: 16, epochs: 50, checkpoints: [0, 25, 50, 75], functions: ['f1', 'f2'] as const, models: ['small', 'big'] as const, inits: ['glorot', 'power'] as const };
      const cost = await calibrateStudy(engine, { ...p, functions: [...p.functions], models: [...p.models], inits: [...p.inits] }, { steps: 2 });
      for (const m of ['small', 'big'] as const) {
        const c = cost.perModel[m]!;
        expect(c.stepSeconds).toBeGreaterThan(0);
        expect(c.ntkSeconds).toBeGreaterThan(0);
        // the checkpoint at 75 lies beyond the 50 epochs and is not taken
        expect(c.runSeconds).toBeCloseTo(50 * c.stepSeconds + 3 * c.ntkSeconds, 12);
      }
      const [s, b] = [cost.perModel.small!.runSeconds, cost.perModel.big!.runSeconds];
      expect(cost.runs).toEqual([s, s, b, b, s, s, b, b]);
      expect(cost.totalSeconds).toBeCloseTo(4 * s + 4 * b, 12);
      expect(cost.calibrationSeconds).toBeGreaterThan(0);
    } finally {
      engine.dispose();
    }
  });
});

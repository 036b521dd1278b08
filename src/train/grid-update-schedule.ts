// Training with periodic grid updates, as pykan's fit does (update_grid with
// grid_update_num / stop_grid_update_step): train `every` steps, move every
// spline layer's grid to the data its inputs take (kan/model-grid.ts, the
// functions kept by a least-squares refit), rebind, go on; no updates after
// `until` steps. The optimizer carries on across updates (the shapes do not
// change), as in pykan.

import { KanntkError } from '../errors.js';
import type { BoundModel } from '../kan/model.js';
import { updateModelGrids } from '../kan/model-grid.js';
import type { HostArray } from '../host-array.js';

export interface GridUpdateSchedule {
  /** total optimizer steps */
  steps: number;
  /** steps between grid updates */
  every: number;
  /** no grid update at or after this step (default: steps) */
  until?: number;
  /** runs `steps` updates on `model` in place and returns steps + 1 losses (as train does) */
  run: (model: BoundModel, steps: number) => Promise<number[]>;
  /** called after each grid update with the step it happened at */
  onGridUpdate?: (step: number) => void;
}

/**
 * Runs the schedule from `model`; returns the model that holds the result (a new bound model
 * after any grid update: the caller disposes it, and `model` stays the caller's) and the
 * losses (steps + 1 values).
 */
export async function trainWithGridUpdates(model: BoundModel, x: HostArray, schedule: GridUpdateSchedule): Promise<{ model: BoundModel; losses: number[]; updates: number }> {
  const { steps, every } = schedule;
  const until = schedule.until ?? steps;
  if (!Number.isInteger(steps) || steps < 0) throw new KanntkError(`grid updates: steps must be a whole number ≥ 0, got ${steps}`);
  if (!Number.isInteger(every) || every < 1) throw new KanntkError(`grid updates: every must be a whole number ≥ 1, got ${every}`);
  let current = model, done = 0, updates = 0;
  const losses: number[] = [];
  try {
    while (done < steps) {
      if (done > 0 && done < until && done % every === 0) {
        const updated = await updateModelGrids(current, x);
        if (current !== model) current.dispose();
        current = updated.bind(model.backend);
        updates++;
        schedule.onGridUpdate?.(done);
      }
      // run to the next update (or the end)
      const next = done < until ? Math.min(steps, (Math.floor(done / every) + 1) * every) : steps;
      const chunk = await schedule.run(current, next - done);
      losses.push(...chunk.slice(0, next - done));
      if (next === steps) losses.push(chunk[chunk.length - 1]);
      done = next;
    }
    if (steps === 0) losses.push(...(await schedule.run(current, 0)));
    return { model: current, losses, updates };
  } catch (err) {
    if (current !== model) current.dispose();
    throw err;
  }
}

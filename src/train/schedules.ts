// Learning-rate schedules: step (0-based count of updates done) → rate. Pure functions.

import { KanntkError } from '../errors.js';

export type Schedule = (step: number) => number;

export const constant = (value: number): Schedule => () => value;

/**
 * init · rate^(step/transitionSteps) (optax.exponential_decay); with `staircase` the
 * exponent is floored; `end` bounds the value (a floor when decaying, a cap when growing).
 */
export function exponentialDecay(init: number, transitionSteps: number, rate: number, options: { staircase?: boolean; transitionBegin?: number; end?: number } = {}): Schedule {
  if (!(transitionSteps > 0)) throw new KanntkError(`exponentialDecay: transitionSteps must be > 0, got ${transitionSteps}`);
  const begin = options.transitionBegin ?? 0;
  return (step) => {
    if (step < begin) return init;
    let p = (step - begin) / transitionSteps;
    if (options.staircase) p = Math.floor(p);
    const v = init * rate ** p;
    if (options.end === undefined) return v;
    return rate < 1 ? Math.max(v, options.end) : Math.min(v, options.end);
  };
}

/** Linear from `start` to `end` over `steps` updates, then `end` (optax.linear_schedule). */
export function linearWarmup(start: number, end: number, steps: number): Schedule {
  if (!(steps > 0)) throw new KanntkError(`linearWarmup: steps must be > 0, got ${steps}`);
  return (step) => (step >= steps ? end : start + ((end - start) * step) / steps);
}

/** Runs schedules[j] from boundaries[j−1] on, with its step counted from that boundary (optax.join_schedules). */
export function joinSchedules(schedules: Schedule[], boundaries: number[]): Schedule {
  if (schedules.length !== boundaries.length + 1) {
    throw new KanntkError(`joinSchedules: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}`);
  }
  return (step) => {
    let j = 0;
    while (j < boundaries.length && step >= boundaries[j]) j++;
    return schedules[j](j === 0 ? step : step - boundaries[j - 1]);
  };
}

/** A number is a constant schedule. */
export const asSchedule = (lr: number | Schedule): Schedule => (typeof lr === 'number' ? constant(lr) : lr);

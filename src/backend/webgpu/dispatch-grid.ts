// WebGPU caps each dispatch dimension (65535 workgroups by default), so a long
// 1-D range of workgroups is laid out as a 2-D grid; the shaders flatten it back
// with wid.y · num_workgroups.x + wid.x and skip the few workgroups past the end.

import { KanntkError } from '../../errors.js';

/** Splits `workgroups` into an [x, y] grid with x, y ≤ maxPerDimension and x·y ≥ workgroups. */
export function dispatchGrid(workgroups: number, maxPerDimension: number): [number, number] {
  if (workgroups <= maxPerDimension) return [workgroups, 1];
  const y = Math.ceil(workgroups / maxPerDimension);
  if (y > maxPerDimension) {
    throw new KanntkError(
      `dispatch of ${workgroups} workgroups exceeds the device limit of ${maxPerDimension}² (maxComputeWorkgroupsPerDimension)`,
    );
  }
  return [Math.ceil(workgroups / y), y];
}

// Shared entry point (define MAIN_PER_WORKGROUP) of a kernel doing one work item per
// workgroup of ${WORKGROUP_SIZE} invocations that cooperate through workgroup memory.
// Provides: `main`, which flattens the 2-D dispatch grid (see
// src/backend/webgpu/dispatch-grid.ts) into the flat workgroup index g, returns at once
// when g >= itemCount(), and otherwise calls item(g, lid) with the invocation's
// local_invocation_index lid. The test on g is uniform across the workgroup, so
// workgroupBarrier() in item stays in uniform control flow.
// Expects declared: fn itemCount() -> u32, fn item(g: u32, lid: u32).
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let g = wid.y * nwg.x + wid.x;
  if (g >= itemCount()) { return; }
  item(g, lid);
}

// Shared entry point (define MAIN_PER_INVOCATION) of a kernel doing one work item per
// invocation, ${WORKGROUP_SIZE} invocations per workgroup.
// Provides: `main`, which flattens the 2-D dispatch grid (more than 65535 workgroups do
// not fit in x; see src/backend/webgpu/dispatch-grid.ts) into the flat invocation index
// i, returns at once when i >= itemCount() (the padding of the last workgroups), and
// otherwise calls item(i).
// Expects declared: fn itemCount() -> u32, fn item(i: u32).
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (i >= itemCount()) { return; }
  item(i);
}

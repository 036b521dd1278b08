// Strided copy: out[outOffset + Σ idx_d·outStrides_d] = x[xOffset + Σ idx_d·xStrides_d]
// for every multi-index idx of shape; elements of out not addressed are left untouched.

struct Params {
  n: u32,
  rank: u32,
  xOffset: i32,
  outOffset: i32,
  shape: array<vec4<u32>, 2>,
  xStrides: array<vec4<i32>, 2>,
  outStrides: array<vec4<i32>, 2>,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
  var rest = i;
  var ix = p.xOffset;
  var io = p.outOffset;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let extent = p.shape[d / 4][d % 4];
    let coord = i32(rest % extent);
    rest = rest / extent;
    ix += coord * p.xStrides[d / 4][d % 4];
    io += coord * p.outStrides[d / 4][d % 4];
  }
  out[io] = x[ix];
}

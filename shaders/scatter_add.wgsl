// The adjoint of gather: g is [outer, nIdx, inner], out is [outer, axisLen, inner] and is
// fully overwritten with out[o, a, r] = Σ_{j: idx[j] = a} g[o, j, r].
// Each output element loops over all indices and sums its own matches, so no two
// invocations write the same element and no float atomics are needed.
// Indices that match no position (out of range, fractional) contribute nothing.

struct Params {
  outer: u32,
  axisLen: u32,
  inner: u32,
  nIdx: u32,
  n: u32,
}

@group(0) @binding(0) var<storage, read> g: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
  let r = i % p.inner;
  let oa = i / p.inner;
  let position = f32(oa % p.axisLen);
  let o = oa / p.axisLen;
  let gBase = o * p.nIdx * p.inner + r;
  var sum = 0.0;
  for (var j = 0u; j < p.nIdx; j++) {
    if (idx[j] == position) {
      sum += g[gBase + j * p.inner];
    }
  }
  out[i] = sum;
}

// Element-wise functions of two broadcast arguments:
// out[idx] = fn(a[Σ idx_d·aStrides_d], b[Σ idx_d·bStrides_d]) for every multi-index idx of shape.
// Shapes and strides of rank ≤ 8 sit in two vec4s each (uniform arrays need a 16-byte stride).

struct Params {
  n: u32,
  rank: u32,
  shape: array<vec4<u32>, 2>,
  aStrides: array<vec4<i32>, 2>,
  bStrides: array<vec4<i32>, 2>,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

fn apply(u: f32, v: f32) -> f32 {
#if ${FN_ADD}
  return u + v;
#elif ${FN_SUB}
  return u - v;
#elif ${FN_MUL}
  return u * v;
#elif ${FN_DIV}
  return u / v;
#endif
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
  var rest = i;
  var ia = 0;
  var ib = 0;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let extent = p.shape[d / 4][d % 4];
    let coord = i32(rest % extent);
    rest = rest / extent;
    ia += coord * p.aStrides[d / 4][d % 4];
    ib += coord * p.bStrides[d / 4][d % 4];
  }
  out[i] = apply(a[ia], b[ib]);
}

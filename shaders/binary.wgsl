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

// stridedOffsets (shaders/common/strided-offsets.wgsl)
${STRIDED_OFFSETS}

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

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  let offsets = stridedOffsets(i, p.rank, p.shape, p.aStrides, p.bStrides);
  out[i] = apply(a[offsets.x], b[offsets.y]);
}

${MAIN_PER_INVOCATION}

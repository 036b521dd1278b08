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

// stridedOffsets (shaders/common/strided-offsets.wgsl)
${STRIDED_OFFSETS}

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  let offsets = stridedOffsets(i, p.rank, p.shape, p.xStrides, p.outStrides);
  out[p.outOffset + offsets.y] = x[p.xOffset + offsets.x];
}

${MAIN_PER_INVOCATION}

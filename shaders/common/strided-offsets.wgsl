// Shared row-major unravelling (define STRIDED_OFFSETS) for kernels that address two
// arrays by strides over one shape: binary.wgsl (the operands) and copy.wgsl (source
// and destination). Shapes and strides of rank ≤ 8 sit in two vec4s each (uniform
// arrays need a 16-byte stride).
// Provides: fn stridedOffsets(flat, rank, shape, strides0, strides1) -> vec2<i32>.
// Expects declared: nothing.

// (Σ idx_d·strides0_d, Σ idx_d·strides1_d) for the multi-index idx that is the row-major
// flat index `flat` of `shape` (its first `rank` extents).
fn stridedOffsets(
  flat: u32,
  rank: u32,
  shape: array<vec4<u32>, 2>,
  strides0: array<vec4<i32>, 2>,
  strides1: array<vec4<i32>, 2>,
) -> vec2<i32> {
  var rest = flat;
  var offsets = vec2<i32>(0, 0);
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let extent = shape[d / 4][d % 4];
    let coord = i32(rest % extent);
    rest = rest / extent;
    offsets += coord * vec2<i32>(strides0[d / 4][d % 4], strides1[d / 4][d % 4]);
  }
  return offsets;
}

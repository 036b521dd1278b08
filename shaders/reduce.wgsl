// Reduction of a contiguous input over some axes (sum or max). The host splits the
// input axes into kept ones (which index the contiguous output) and reduced ones,
// each with its extents and input strides. Two layouts:
// - one invocation per output element, looping over the reduced elements
//   (many outputs, short reductions);
// - COOPERATIVE: one workgroup per output element, its invocations stride over the
//   reduced elements and combine partial results in workgroup memory
//   (few outputs, long reductions, e.g. a loss summed over the batch).
// Sums use compensated (Kahan) accumulation to keep long f32 sums near f32 rounding.

struct Params {
  nOut: u32,
  nReduce: u32,
  keptRank: u32,
  reducedRank: u32,
  keptShape: array<vec4<u32>, 2>,
  keptStrides: array<vec4<u32>, 2>,
  reducedShape: array<vec4<u32>, 2>,
  reducedStrides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

// input offset of the flat index `flat` over the kept axes
fn keptOffset(flat: u32) -> u32 {
  var rest = flat;
  var offset = 0u;
  for (var d = i32(p.keptRank) - 1; d >= 0; d--) {
    let extent = p.keptShape[d / 4][d % 4];
    offset += (rest % extent) * p.keptStrides[d / 4][d % 4];
    rest = rest / extent;
  }
  return offset;
}

// input offset of the flat index `flat` over the reduced axes
fn reducedOffset(flat: u32) -> u32 {
  var rest = flat;
  var offset = 0u;
  for (var d = i32(p.reducedRank) - 1; d >= 0; d--) {
    let extent = p.reducedShape[d / 4][d % 4];
    offset += (rest % extent) * p.reducedStrides[d / 4][d % 4];
    rest = rest / extent;
  }
  return offset;
}

// Accumulates x[base + reducedOffset(r)] for r = first, first + step, … < nReduce.
// For max the accumulator starts at element 0, which is always part of the reduction.
fn accumulate(base: u32, first: u32, step: u32) -> f32 {
#if ${FN_SUM}
  var sum = 0.0;
  var compensation = 0.0;
  for (var r = first; r < p.nReduce; r += step) {
    let y = x[base + reducedOffset(r)] - compensation;
    let t = sum + y;
    compensation = (t - sum) - y;
    sum = t;
  }
  return sum;
#else
  var best = x[base];
  for (var r = first; r < p.nReduce; r += step) {
    best = max(best, x[base + reducedOffset(r)]);
  }
  return best;
#endif
}

fn combine(u: f32, v: f32) -> f32 {
#if ${FN_SUM}
  return u + v;
#else
  return max(u, v);
#endif
}

// one item (invocation or workgroup) per output element
fn itemCount() -> u32 {
  return p.nOut;
}

#if ${COOPERATIVE}
var<workgroup> partial: array<f32, ${WORKGROUP_SIZE}>;

// one workgroup per output element o
fn item(o: u32, lid: u32) {
  let base = keptOffset(o);
  partial[lid] = accumulate(base, lid, ${WORKGROUP_SIZE}u);
  workgroupBarrier();
  for (var width = ${WORKGROUP_SIZE}u / 2u; width > 0u; width = width / 2u) {
    if (lid < width) {
      partial[lid] = combine(partial[lid], partial[lid + width]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[o] = partial[0];
  }
}

${MAIN_PER_WORKGROUP}
#else
// one invocation per output element o
fn item(o: u32) {
  out[o] = accumulate(keptOffset(o), 0u, 1u);
}

${MAIN_PER_INVOCATION}
#endif

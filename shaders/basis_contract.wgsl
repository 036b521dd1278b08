// The KAN layer's fused basis contraction (KernelBasisContract in src/backend/kernels.ts):
//
//   mode y: out[n,o]   = sum_i s[n,i] sum_m W[o,i,m] B_{o,i,m}(x[n,i])   out [nPoints, nOut]
//   mode s: out[n,i]   = sum_o a[n,o] sum_m W[o,i,m] B_{o,i,m}(x[n,i])   out [nPoints, nIn]
//   mode w: out[o,i,m] = sum_n a[n,o] s[n,i] B_{o,i,m}(x[n,i])           out [nOut, nIn, nBasis]
//
// The basis values are computed on the fly, never stored in global memory.
// - BSPLINE: the knot span mu with t_mu <= x < t_{mu+1} is found by binary search on the
//   knot row, then only the k+1 functions B_{mu-k..mu} that can be non-zero are raised
//   (Cox-de Boor on half-open intervals, then the derivative recurrence `deriv` times) in a
//   private array; the contraction touches only those k+1 coefficients. Outside
//   [t_0, t_last), NaN x, or deriv > k: all zeros. Zero-width knot spans count as 0 (0/0 := 0).
//   Knot rows must be non-decreasing. k <= MAX_K and nTable <= MAX_VALUES are checked on the host.
// - TANH: B_m(x) = sum_c table[m,c] tanh(x)^c (Horner), all nBasis values per point.
//
// Absent operands: the host binds another input buffer in place of a null `s` and passes
// hasS = 0; the stand-in is never read.
//
// Layouts (WORKGROUP_SIZE invocations per workgroup, 2-D grid flattened):
// - MODE_Y: one invocation per (n, block of O_BLOCK outputs), looping over i: with per-input
//   knot rows (or TANH) the basis of each (n,i) is computed once per block and contracted
//   with O_BLOCK rows of W into private accumulators; with per-edge rows, once per edge.
//   (A workgroup-tiled layout computing each basis once into workgroup memory was ~2x slower
//   on SwiftShader, whose workgroups and barriers are costly: measured 510-650 ms vs ~290 ms
//   for N=4000, nIn=nOut=32, G=20, k=3.)
// - MODE_S: one invocation per (n,i): the basis once (per-input knot rows), loop over o.
// - MODE_W, W_SHARED (one basis per input: per-input knot rows, or TANH): one workgroup per
//   (input i, tile of oTile outputs). For each chunk of points the workgroup first computes
//   the basis of every point once (into workgroup memory, scaled by s), then each invocation
//   (one output o, every parts-th point of the chunk) adds a[n,o]*B into a private array of
//   nBasis compensated sums; finally the parts of each output are added in workgroup memory.
// - MODE_W otherwise (knot rows per edge, so no basis is shared): one workgroup per edge
//   (o,i): invocations stride over n, accumulate the k+1 non-zero terms into a private array
//   of nBasis sums, then the workgroup adds its WORKGROUP_SIZE partial arrays column by
//   column in workgroup memory. No atomics anywhere: each output has one writer.

struct Params {
  nPoints: u32,
  nIn: u32,
  nOut: u32,
  nBasis: u32,
  nTable: u32,
  k: u32,
  deriv: u32,
  gridPerEdge: u32,
  hasS: u32,
  // invocations (MODE_Y, MODE_S) or workgroups (MODE_W) doing work
  nWork: u32,
  // output blocks per point (MODE_Y)
  nOBlocks: u32,
  // outputs per workgroup (W_SHARED), a power of two dividing WORKGROUP_SIZE
  oTile: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> table: array<f32>;
#if ${MODE_Y}
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> s: array<f32>;
#elif ${MODE_S}
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> a: array<f32>;
#else
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> s: array<f32>;
#endif
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

// capacity of the private basis-value array (and of the MODE_W accumulators)
const MAX_VALUES = ${MAX_VALUES}u;
const MAX_K = ${MAX_K}u;
const O_BLOCK = ${O_BLOCK}u;
const W_CHUNK = ${W_CHUNK}u;
// workgroup memory for the basis values of one chunk of points (W_SHARED)
const SHARED_VALUES = ${SHARED_VALUES}u;
// basisAt's answer when every basis function is 0 at the point
const NONE = -2147483647;

// values of the basis functions m0, m0 + 1, ... (m0 returned by basisAt)
var<private> vals: array<f32, MAX_VALUES>;

#if ${BASIS_BSPLINE}
// bsplineStep (shaders/common/bspline-basis.wgsl)
${BSPLINE_BASIS}

// knots t_{mu-k} .. t_{mu+k+1} of the current span (indices clamped to the row)
var<private> kn: array<f32, 2 * MAX_K + 2>;

// Fills vals[0..k] with B_{m0+d}(v) (or their deriv-th derivative) on knot row `row` and
// returns m0 = mu - k, which is negative near the left end (entries of absent functions are 0);
// NONE when all are 0.
fn basisAt(v: f32, row: u32) -> i32 {
  let base = row * p.nTable;
  let last = p.nTable - 1u;
  if (p.deriv > p.k || !(table[base] <= v && v < table[base + last])) { return NONE; }
  // largest mu with t_mu <= v; invariant t_lo <= v < t_hi
  var lo = 0u;
  var hi = last;
  while (hi - lo > 1u) {
    let mid = (lo + hi) / 2u;
    if (table[base + mid] <= v) { lo = mid; } else { hi = mid; }
  }
  let k = i32(p.k);
  let m0 = i32(lo) - k;
  for (var q = 0; q <= 2 * k + 1; q++) {
    kn[q] = table[base + u32(clamp(m0 + q, 0, i32(last)))];
  }
  for (var d = 0; d < k; d++) { vals[d] = 0.0; }
  vals[k] = 1.0;
  // degree-K function j = m0 + d exists for 0 <= j <= nTable - 2 - K, and needs only
  // degree-(K-1) functions j, j + 1, which then exist too; absent ones stay 0
  let raise = k - i32(p.deriv);
  for (var K = 1; K <= k; K++) {
    let jMax = i32(last) - 1 - K;
    for (var d = k - K; d <= k; d++) {
      let j = m0 + d;
      if (j < 0 || j > jMax) {
        vals[d] = 0.0;
        continue;
      }
      let t = vec4<f32>(kn[d], kn[d + 1], kn[d + K], kn[d + K + 1]);
      let next = select(0.0, vals[min(d + 1, k)], d < k);
      vals[d] = bsplineStep(v, f32(K), K > raise, t, vals[d], next);
    }
  }
  return m0;
}

// how many entries of vals basisAt fills
fn basisCount() -> u32 {
  return p.k + 1u;
}
#else
// tanhAccurate, the same as unary.wgsl's (shaders/common/accurate-math.wgsl)
${ACCURATE_MATH}

// Fills vals[0..nBasis) with B_m(v) = sum_c table[m, c] tanh(v)^c and returns 0.
fn basisAt(v: f32, row: u32) -> i32 {
  let z = tanhAccurate(v);
  for (var m = 0u; m < p.nBasis; m++) {
    let rowBase = m * p.nTable;
    var acc = 0.0;
    for (var c = i32(p.nTable) - 1; c >= 0; c--) {
      acc = acc * z + table[rowBase + u32(c)];
    }
    vals[m] = acc;
  }
  return 0;
}

fn basisCount() -> u32 {
  return p.nBasis;
}
#endif

#if ${USES_W}
// sum_d W[o,i,m0+d] vals[d] over the basis functions that exist
fn contract(o: u32, i: u32, m0: i32) -> f32 {
  let wBase = i32((o * p.nIn + i) * p.nBasis);
  let count = i32(basisCount());
  let dLo = max(0, -m0);
  let dHi = min(count, i32(p.nBasis) - m0);
  var sum = 0.0;
  for (var d = dLo; d < dHi; d++) {
    sum += w[u32(wBase + m0 + d)] * vals[d];
  }
  return sum;
}
#endif

fn rowOf(o: u32, i: u32) -> u32 {
  return select(i, o * p.nIn + i, p.gridPerEdge != 0u);
}

// invocations (MODE_Y, MODE_S) or workgroups (MODE_W) doing work
fn itemCount() -> u32 {
  return p.nWork;
}

#if ${MODE_Y}
fn item(id: u32) {
  let n = id / p.nOBlocks;
  let o0 = (id % p.nOBlocks) * O_BLOCK;
  let oCount = min(O_BLOCK, p.nOut - o0);
  var acc: array<f32, O_BLOCK>;
  for (var i = 0u; i < p.nIn; i++) {
    let v = x[n * p.nIn + i];
    var sv = 1.0;
    if (p.hasS != 0u) { sv = s[n * p.nIn + i]; }
    if (p.gridPerEdge == 0u) {
      let m0 = basisAt(v, i);
      if (m0 == NONE) { continue; }
      for (var q = 0u; q < oCount; q++) {
        acc[q] += sv * contract(o0 + q, i, m0);
      }
    } else {
      for (var q = 0u; q < oCount; q++) {
        let m0 = basisAt(v, (o0 + q) * p.nIn + i);
        if (m0 != NONE) { acc[q] += sv * contract(o0 + q, i, m0); }
      }
    }
  }
  for (var q = 0u; q < oCount; q++) {
    out[n * p.nOut + o0 + q] = acc[q];
  }
}
#elif ${MODE_S}
fn item(id: u32) {
  let n = id / p.nIn;
  let i = id % p.nIn;
  let v = x[id];
  var acc = 0.0;
  if (p.gridPerEdge == 0u) {
    let m0 = basisAt(v, i);
    if (m0 != NONE) {
      for (var o = 0u; o < p.nOut; o++) {
        acc += a[n * p.nOut + o] * contract(o, i, m0);
      }
    }
  } else {
    for (var o = 0u; o < p.nOut; o++) {
      let m0 = basisAt(v, o * p.nIn + i);
      if (m0 != NONE) { acc += a[n * p.nOut + o] * contract(o, i, m0); }
    }
  }
  out[id] = acc;
}
#elif ${W_SHARED}
// one chunk of points: where each point's non-zero basis functions start, and their values times s[n,i]
var<workgroup> chunkStart: array<i32, ${WORKGROUP_SIZE}>;
var<workgroup> chunkVals: array<f32, SHARED_VALUES>;
// W_CHUNK accumulators of every invocation, for combining the parts of one output
var<workgroup> partial: array<f32, ${WORKGROUP_SIZE} * W_CHUNK>;

fn item(group: u32, lid: u32) {
  let i = group % p.nIn;
  let o0 = (group / p.nIn) * p.oTile;
  // invocation lid = part * oTile + oLocal works on output o0 + oLocal and every parts-th point
  let oLocal = lid % p.oTile;
  let part = lid / p.oTile;
  let parts = ${WORKGROUP_SIZE}u / p.oTile;
  let o = o0 + oLocal;
  let working = o < p.nOut;
  let count = i32(basisCount());
  let stride = basisCount();
  let nBasis = i32(p.nBasis);
  let chunk = min(${WORKGROUP_SIZE}u, SHARED_VALUES / stride);
  // compensated (Kahan) sums: one invocation adds up to nPoints / parts terms
  var acc: array<f32, MAX_VALUES>;
  var comp: array<f32, MAX_VALUES>;
  for (var n0 = 0u; n0 < p.nPoints; n0 += chunk) {
    // the basis of each point of the chunk, once for all outputs of the workgroup
    if (lid < chunk && n0 + lid < p.nPoints) {
      let n = n0 + lid;
      let m0 = basisAt(x[n * p.nIn + i], i);
      var sv = 1.0;
      if (p.hasS != 0u) { sv = s[n * p.nIn + i]; }
      chunkStart[lid] = m0;
      for (var d = 0u; d < stride; d++) { chunkVals[lid * stride + d] = sv * vals[d]; }
    }
    workgroupBarrier();
    if (working) {
      let qEnd = min(chunk, p.nPoints - n0);
      for (var q = part; q < qEnd; q += parts) {
        let m0 = chunkStart[q];
        if (m0 == NONE) { continue; }
        let f = a[(n0 + q) * p.nOut + o];
        let dLo = max(0, -m0);
        let dHi = min(count, nBasis - m0);
        for (var d = dLo; d < dHi; d++) {
          let m = m0 + d;
          let y = f * chunkVals[q * stride + u32(d)] - comp[m];
          let t = acc[m] + y;
          comp[m] = (t - acc[m]) - y;
          acc[m] = t;
        }
      }
    }
    workgroupBarrier();
  }
  // out[o, i, m] = sum of the parts' accumulators, W_CHUNK basis functions at a time
  for (var c0 = 0u; c0 < p.nBasis; c0 += W_CHUNK) {
    for (var q = 0u; q < W_CHUNK; q++) {
      partial[lid * W_CHUNK + q] = acc[min(c0 + q, MAX_VALUES - 1u)];
    }
    workgroupBarrier();
    for (var pair = lid; pair < p.oTile * W_CHUNK; pair += ${WORKGROUP_SIZE}u) {
      let oL = pair / W_CHUNK;
      let m = c0 + pair % W_CHUNK;
      if (o0 + oL < p.nOut && m < p.nBasis) {
        var sum = 0.0;
        for (var r = 0u; r < parts; r++) {
          sum += partial[(r * p.oTile + oL) * W_CHUNK + pair % W_CHUNK];
        }
        out[((o0 + oL) * p.nIn + i) * p.nBasis + m] = sum;
      }
    }
    workgroupBarrier();
  }
}
#else
// WORKGROUP_SIZE partial sums of W_CHUNK basis functions
var<workgroup> partial: array<f32, ${WORKGROUP_SIZE} * W_CHUNK>;

fn item(edge: u32, lid: u32) {
  let o = edge / p.nIn;
  let i = edge % p.nIn;
  let row = rowOf(o, i);
  let count = i32(basisCount());
  let nBasis = i32(p.nBasis);
  var acc: array<f32, MAX_VALUES>;
  for (var n = lid; n < p.nPoints; n += ${WORKGROUP_SIZE}u) {
    var f = a[n * p.nOut + o];
    if (p.hasS != 0u) { f *= s[n * p.nIn + i]; }
    let m0 = basisAt(x[n * p.nIn + i], row);
    if (m0 == NONE) { continue; }
    let dLo = max(0, -m0);
    let dHi = min(count, nBasis - m0);
    for (var d = dLo; d < dHi; d++) {
      acc[m0 + d] += f * vals[d];
    }
  }
  let outBase = edge * p.nBasis;
  for (var c0 = 0u; c0 < p.nBasis; c0 += W_CHUNK) {
    for (var q = 0u; q < W_CHUNK; q++) {
      partial[lid * W_CHUNK + q] = acc[min(c0 + q, MAX_VALUES - 1u)];
    }
    workgroupBarrier();
    if (lid < W_CHUNK && c0 + lid < p.nBasis) {
      var sum = 0.0;
      for (var r = 0u; r < ${WORKGROUP_SIZE}u; r++) {
        sum += partial[r * W_CHUNK + lid];
      }
      out[outBase + c0 + lid] = sum;
    }
    workgroupBarrier();
  }
}
#endif

// the entry point: one invocation per item in modes y and s, one workgroup per item in mode w
#if ${USES_W}
${MAIN_PER_INVOCATION}
#else
${MAIN_PER_WORKGROUP}
#endif

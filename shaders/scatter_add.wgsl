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

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
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

${MAIN_PER_INVOCATION}

// Gather along one axis: x is [outer, axisLen, inner], idx holds nIdx positions stored
// as f32, out[o, j, r] = x[o, idx[j], r].
// The index values live on the device, so the host cannot check them when the call is
// queued: an index that is negative, fractional or ≥ axisLen yields NaN in out instead
// of silently reading a neighbouring row.

struct Params {
  outer: u32,
  axisLen: u32,
  inner: u32,
  nIdx: u32,
  n: u32,
  // quiet-NaN bit pattern, passed in because WGSL constant expressions may not be NaN
  nanBits: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  let r = i % p.inner;
  let oj = i / p.inner;
  let j = oj % p.nIdx;
  let o = oj / p.nIdx;
  let position = idx[j];
  if (position >= 0.0 && position < f32(p.axisLen) && position == floor(position)) {
    out[i] = x[(o * p.axisLen + u32(position)) * p.inner + r];
  } else {
    out[i] = bitcast<f32>(p.nanBits);
  }
}

${MAIN_PER_INVOCATION}

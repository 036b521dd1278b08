// Element-wise functions of one argument: out[i] = fn(x[i]) for i < n.
// The function is chosen at compile time by the FN_* defines (one pipeline per fn).

struct Params {
  n: u32,
  // integer exponent of powi
  power: i32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

// x^e by repeated squaring, exact for small integer exponents (pow() is exp2(e·log2 x) and fails for x < 0).
fn powi(v: f32, e: i32) -> f32 {
  var result = 1.0;
  var base = v;
  var rest = u32(abs(e));
  loop {
    if (rest == 0u) { break; }
    if ((rest & 1u) == 1u) { result = result * base; }
    base = base * base;
    rest = rest >> 1u;
  }
  if (e < 0) { return 1.0 / result; }
  return result;
}

// (sin v, cos v) to a few f32 ulp for |v| up to ~1e4: the built-ins may be as coarse as
// 2^-11 absolute (WGSL's allowance; SwiftShader's are ~1e-4 off). Cody–Waite reduction by
// π/2 split in three parts, then the Cephes minimax polynomials on [-π/4, π/4].
fn sinCos(v: f32) -> vec2<f32> {
  let q = round(v * 0.636619772367581343);
  var r = v - q * 1.5703125;
  r = r - q * 4.837512969970703125e-4;
  r = r - q * 7.54978995489188216e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-1.6666654611e-1 + r2 * (8.3321608736e-3 + r2 * -1.9515295891e-4));
  let c = 1.0 - 0.5 * r2 + r2 * r2 * (4.166664568298827e-2 + r2 * (-1.388731625493765e-3 + r2 * 2.443315711809948e-5));
  switch (i32(q) & 3) {
    case 0: { return vec2<f32>(s, c); }
    case 1: { return vec2<f32>(c, -s); }
    case 2: { return vec2<f32>(-s, -c); }
    default: { return vec2<f32>(-c, s); }
  }
}

// tanh to a few f32 ulp: the built-in loses relative accuracy near 0 (5e-5 on SwiftShader)
// and may overflow to NaN for large |v|. Cephes tanhf: an odd minimax polynomial below
// 0.625, else 1 − 2/(e^{2|v|} + 1) with |v| capped at 10, where tanh is 1 in f32.
fn tanhAccurate(v: f32) -> f32 {
  let a = abs(v);
  if (a < 0.625) {
    let z = v * v;
    return ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z
      - 3.33332819422e-1) * z * v + v;
  }
  let t = 1.0 - 2.0 / (exp(2.0 * min(a, 10.0)) + 1.0);
  return select(t, -t, v < 0.0);
}

fn apply(v: f32) -> f32 {
#if ${FN_NEG}
  return -v;
#elif ${FN_EXP}
  return exp(v);
#elif ${FN_LOG}
  return log(v);
#elif ${FN_SIN}
  return sinCos(v).x;
#elif ${FN_COS}
  return sinCos(v).y;
#elif ${FN_TANH}
  return tanhAccurate(v);
#elif ${FN_SIGMOID}
  return 1.0 / (1.0 + exp(-v));
#elif ${FN_SILU}
  return v / (1.0 + exp(-v));
#elif ${FN_RELU}
  return select(0.0, v, v > 0.0);
#elif ${FN_STEP}
  return select(0.0, 1.0, v > 0.0);
#elif ${FN_SQUARE}
  return v * v;
#elif ${FN_SQRT}
  return sqrt(v);
#elif ${FN_ABS}
  return abs(v);
#elif ${FN_POWI}
  return powi(v, p.power);
#elif ${FN_RECIP}
  return 1.0 / v;
#endif
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // 2-D dispatch grid flattened (more than 65535 workgroups do not fit in x)
  let i = (wid.y * nwg.x + wid.x) * ${WORKGROUP_SIZE}u + lid;
  if (i >= p.n) { return; }
  out[i] = apply(x[i]);
}

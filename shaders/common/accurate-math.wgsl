// Shared accurate f32 elementary functions (define ACCURATE_MATH), for where WGSL's
// built-ins are too coarse: they may be off by 2^-11 absolute (WGSL's allowance;
// SwiftShader's sin/cos are ~1e-4 off, its tanh loses relative accuracy near 0).
// Provides: fn sinCos(v: f32) -> vec2<f32>, fn tanhAccurate(v: f32) -> f32.
// Expects declared: nothing.

// (sin v, cos v) to a few f32 ulp for |v| up to ~1e4. Cody–Waite reduction by
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

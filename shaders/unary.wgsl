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

// sinCos, tanhAccurate (shaders/common/accurate-math.wgsl)
${ACCURATE_MATH}

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

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  out[i] = apply(x[i]);
}

${MAIN_PER_INVOCATION}

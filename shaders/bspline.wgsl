// B-spline basis (Cox–de Boor on half-open intervals), or its deriv-th x-derivative.
// x is [nPoints, nIn], grid is [nIn, nKnots], out is [nPoints, nIn, nKnots - 1 - k].
// One invocation per (point, input) evaluates the whole recursion in a private array,
// as in the reference: degree-0 indicators t_j <= x < t_{j+1}, raised to degree k − deriv,
// then the derivative recurrence applied deriv times (each raising the degree by one).
// A term whose knot span is zero (repeated knots) counts as 0, the usual 0/0 := 0 rule.
// nKnots ≤ MAX_KNOTS is checked on the host.

struct Params {
  nPoints: u32,
  nIn: u32,
  nKnots: u32,
  k: u32,
  deriv: u32,
  n: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> grid: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

const MAX_KNOTS = ${MAX_KNOTS}u;

// bsplineStep (shaders/common/bspline-basis.wgsl)
${BSPLINE_BASIS}

fn itemCount() -> u32 { return p.n; }

fn item(i: u32) {
  let nBasis = p.nKnots - 1u - p.k;
  let outBase = i * nBasis;
  if (p.deriv > p.k) {
    for (var m = 0u; m < nBasis; m++) { out[outBase + m] = 0.0; }
    return;
  }
  let v = x[i];
  let t0 = (i % p.nIn) * p.nKnots;

  var basis: array<f32, MAX_KNOTS>;
  for (var j = 0u; j + 1u < p.nKnots; j++) {
    basis[j] = select(0.0, 1.0, grid[t0 + j] <= v && v < grid[t0 + j + 1u]);
  }
  // in place: basis[j] of degree K needs basis[j] and basis[j + 1] of degree K − 1, and j ascends;
  // degrees 1 .. k − deriv by Cox–de Boor, the last deriv by the derivative recurrence
  for (var K = 1u; K <= p.k; K++) {
    let derivative = K > p.k - p.deriv;
    for (var j = 0u; j + K + 1u < p.nKnots; j++) {
      let t = vec4<f32>(grid[t0 + j], grid[t0 + j + 1u], grid[t0 + j + K], grid[t0 + j + K + 1u]);
      basis[j] = bsplineStep(v, f32(K), derivative, t, basis[j], basis[j + 1u]);
    }
  }
  for (var m = 0u; m < nBasis; m++) { out[outBase + m] = basis[m]; }
}

${MAIN_PER_INVOCATION}

// Shared B-spline recurrence step (define BSPLINE_BASIS), used by bspline.wgsl (whole
// basis rows) and basis_contract.wgsl (the k+1 functions that can be non-zero at a point).
// Provides: fn bsplineStep(v, K, derivative, t, here, next) -> f32.
// Expects declared: nothing.

// Degree-K function j at v from the degree-(K-1) values here = B_j and next = B_{j+1}
// and the knots t = (t_j, t_{j+1}, t_{j+K}, t_{j+K+1}), on half-open intervals:
// - derivative false (Cox–de Boor): (v − t_j)/(t_{j+K} − t_j)·here + (t_{j+K+1} − v)/(t_{j+K+1} − t_{j+1})·next;
// - derivative true (one x-derivative): K/(t_{j+K} − t_j)·here − K/(t_{j+K+1} − t_{j+1})·next.
// A term over a zero-width knot span (repeated knots) counts as 0, the usual 0/0 := 0 rule.
fn bsplineStep(v: f32, K: f32, derivative: bool, t: vec4<f32>, here: f32, next: f32) -> f32 {
  let tj = t.x;
  let tj1 = t.y;
  let tjK = t.z;
  let tjK1 = t.w;
  var value = 0.0;
  if (derivative) {
    if (tjK > tj) { value += K / (tjK - tj) * here; }
    if (tjK1 > tj1) { value -= K / (tjK1 - tj1) * next; }
  } else {
    if (tjK > tj) { value += (v - tj) / (tjK - tj) * here; }
    if (tjK1 > tj1) { value += (tjK1 - v) / (tjK1 - tj1) * next; }
  }
  return value;
}

// One round of the parallel cyclic Jacobi method (KernelJacobiSweeps in
// src/backend/kernels.ts), in two dispatches per round:
//
// - ANGLES: one invocation per pair j < half of round r computes the rotation of
//   pair j from a_pp, a_qq, a_pq with the reference's formulas (t, c, s) and stores
//   rot[j] = (s, τ, t, p | q << 16) with τ = s/(1 + c). Pairs holding the dummy index
//   n (n odd) and pairs with a_pq = 0 get the identity (s = τ = t = 0).
// - ROTATE: a ← Jᵀ·a·J and v ← v·J with those rotations. The pairs of a round
//   partition the indices, so they cut a into 2×2 blocks (pair i rows, pair j
//   columns) and each block's new values depend on that block alone: a block's
//   4 entries are read, the column rotation of pair j then the row rotation of
//   pair i (the reference's order) applied, and written back in place. Likewise
//   the two entries of a row of v in the columns of one pair. Each invocation
//   loops over several blocks of one row pair (or pairs of one row of v), see
//   `chunks`. No invocation reads what another one writes.
//
// Because the angles are computed by their own dispatch, all of them see the
// matrix as it was before the round. The round index r comes in the uniform, which
// both dispatches of a round share (one uniform buffer per round).
//
// f32 accuracy: J is the reference's, but it is applied in Rutishauser's form,
// algebraically equal to c·x_p − s·x_q and s·x_p + c·x_q:
//   x_p ← x_p − s·(x_q + τ·x_p),  x_q ← x_q + s·(x_p − τ·x_q),
// and a pair's own diagonal block becomes a_pp − t·a_pq, a_qq + t·a_pq, 0, 0 (what Jᵀ·a·J
// gives for the t that zeroes a_pq). The literal form multiplies every entry by the
// rounded c in every round; c² + s² ≠ 1 in f32 then shrinks a and v a little each
// round (exactly rounded f32, 10 sweeps of n = 128: eigenvalues off by 2.6e-5·λmax,
// VᵀV off I by 2.8e-5), where this form stays near one rounding per round (1.2e-6, 5e-7).
//
// Round-robin ordering (m = n rounded up to even, half = m/2): pair j of round r is
// (P(j), P(m − 1 − j)) sorted, with P(0) = 0 and P(t) = 1 + ((t − 1 + r) mod (m − 1)).

struct Params {
  n: u32,
  half: u32,
  // m − 1 (≥ 1)
  mMinus1: u32,
  round: u32,
  // ROTATE: invocations per row pair of a (and per row of v) = ⌈half / JACOBI_PAIRS_PER_INVOCATION⌉;
  // invocation c of a row takes pairs c, c + chunks, c + 2·chunks, …
  chunks: u32,
  // ROTATE: invocations [0, nBlockTasks = half·chunks) rotate blocks of a, [nBlockTasks, nRotate) entries of v
  nBlockTasks: u32,
  nRotate: u32,
}

// The rotation of one pair, and the pair (p | q << 16; n ≤ 65535 < 2^16) so that ROTATE
// need not recompute it.
struct Rotation {
  s: f32,
  tau: f32,
  t: f32,
  pq: u32,
}

#if ${ANGLES}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> rot: array<Rotation>;
@group(0) @binding(2) var<uniform> p: Params;
#else
@group(0) @binding(0) var<storage, read> rot: array<Rotation>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> v: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
#endif

#if ${ANGLES}
fn slot(t: u32) -> u32 {
  if (t == 0u) { return 0u; }
  return 1u + (t - 1u + p.round) % p.mMinus1;
}

/** The indices (p, q), p < q, of pair j; q = n is the dummy index. */
fn pairOf(j: u32) -> vec2<u32> {
  let x = slot(j);
  let y = slot(p.mMinus1 - j);
  return vec2<u32>(min(x, y), max(x, y));
}

// one invocation per pair
fn itemCount() -> u32 {
  return p.half;
}

fn item(j: u32) {
  let pq = pairOf(j);
  var c = 1.0;
  var s = 0.0;
  var t = 0.0;
  if (pq.y < p.n) {
    let n = p.n;
    let apq = a[pq.x * n + pq.y];
    // 2·a_pq rather than a_pq: also skips an a_pq whose double flushes to zero
    let den = 2.0 * apq;
    if (den != 0.0) {
      let theta = (a[pq.y * n + pq.y] - a[pq.x * n + pq.x]) / den;
      let sgn = select(-1.0, 1.0, theta >= 0.0);
      let at = abs(theta);
      if (at > 1e18) {
        // θ² would overflow f32: sign(θ)/(|θ| + √(θ² + 1)) = sign(θ)/(2|θ|) to f32 precision
        t = sgn * (0.5 / at);
      } else {
        t = sgn / (at + sqrt(at * at + 1.0));
      }
      c = 1.0 / sqrt(t * t + 1.0);
      s = t * c;
    }
  }
  rot[j] = Rotation(s, s / (1.0 + c), t, pq.x | (pq.y << 16u));
}
#else
fn unpack(pq: u32) -> vec2<u32> {
  return vec2<u32>(pq & 0xffffu, pq >> 16u);
}

// (x_p, x_q) ← (x_p − s·(x_q + τ·x_p), x_q + s·(x_p − τ·x_q)): rotation r applied to the
// entries of indices p and q of one row (a·J, v·J) or one column (Jᵀ·a)
fn rotate(xp: f32, xq: f32, r: Rotation) -> vec2<f32> {
  return vec2<f32>(xp - r.s * (xq + r.tau * xp), xq + r.s * (xp - r.tau * xq));
}

// one invocation per task (a row pair's blocks of a, or a row of v)
fn itemCount() -> u32 {
  return p.nRotate;
}

fn item(g: u32) {
  let n = p.n;
  if (g < p.nBlockTasks) {
    // the blocks (pair bi rows, pair bj columns) of a for every chunks-th column pair bj
    let bi = g / p.chunks;
    let gi = rot[bi];
    let ri = unpack(gi.pq);
    let r0 = ri.x * n;
    let r1 = ri.y * n;
    // a dummy index (= n) has no row or column: its entries are neither read nor written
    let hasRow1 = ri.y < n;
    for (var bj = g % p.chunks; bj < p.half; bj += p.chunks) {
      let gj = rot[bj];
      if (gi.s == 0.0 && gj.s == 0.0) { continue; }
      let kj = unpack(gj.pq);
      if (bi == bj) {
        // the pair's own block (s ≠ 0, so both indices are real): a_pq becomes 0
        let apq = a[r0 + ri.y];
        a[r0 + ri.x] = a[r0 + ri.x] - gi.t * apq;
        a[r1 + ri.y] = a[r1 + ri.y] + gi.t * apq;
        a[r0 + ri.y] = 0.0;
        a[r1 + ri.x] = 0.0;
        continue;
      }
      let hasCol1 = kj.y < n;
      var x00 = a[r0 + kj.x];
      var x01 = 0.0;
      var x10 = 0.0;
      var x11 = 0.0;
      if (hasCol1) { x01 = a[r0 + kj.y]; }
      if (hasRow1) {
        x10 = a[r1 + kj.x];
        if (hasCol1) { x11 = a[r1 + kj.y]; }
      }
      // a ← a·J: columns p, q of pair bj, in each of the two rows
      if (gj.s != 0.0) {
        let row0 = rotate(x00, x01, gj);
        let row1 = rotate(x10, x11, gj);
        x00 = row0.x;
        x01 = row0.y;
        x10 = row1.x;
        x11 = row1.y;
      }
      // a ← Jᵀ·a: rows p, q of pair bi, in each of the two columns
      if (gi.s != 0.0) {
        let col0 = rotate(x00, x10, gi);
        let col1 = rotate(x01, x11, gi);
        x00 = col0.x;
        x10 = col0.y;
        x01 = col1.x;
        x11 = col1.y;
      }
      a[r0 + kj.x] = x00;
      if (hasCol1) { a[r0 + kj.y] = x01; }
      if (hasRow1) {
        a[r1 + kj.x] = x10;
        if (hasCol1) { a[r1 + kj.y] = x11; }
      }
    }
  } else {
    // v ← v·J: entries (row, p) and (row, q) of every chunks-th pair j
    let k = g - p.nBlockTasks;
    let row = k / p.chunks;
    let base = row * n;
    for (var j = k % p.chunks; j < p.half; j += p.chunks) {
      let gj = rot[j];
      if (gj.s == 0.0) { continue; }
      let pq = unpack(gj.pq);
      let rotated = rotate(v[base + pq.x], v[base + pq.y], gj);
      v[base + pq.x] = rotated.x;
      v[base + pq.y] = rotated.y;
    }
  }
}
#endif

${MAIN_PER_INVOCATION}

// In-place cyclic Jacobi sweeps with the parallel round-robin ordering
// (KernelJacobiSweeps), spec: the 'jacobiSweeps' case of runReference in
// test/reference/kernels.ts.
//
// Per round: all rotation angles are computed from the matrix as it was before
// the round (stored in `work`), then a ← a·J (columns), a ← Jᵀ·a (rows) and
// v ← v·J. The pairs of a round are disjoint, so each element is touched by at
// most one rotation per stage and the order in which elements are updated does
// not change any result. That allows, without changing a single rounding:
// - the column stage to run row by row (for row i, every pair (p, q) updates
//   a[i,p], a[i,q]): one pass over contiguous memory instead of K strided
//   column walks;
// - the column and row stages of `a` to be fused: the row rotation of pair
//   (p, q) needs only rows p and q after their column updates, so each pair
//   does column updates of its two rows, then rotates them (f64x2), while the
//   rows are still in L1. Rows in no active pair get only column updates;
// - v's column rotations to be row rotations of vᵀ (v is transposed in place at
//   the start and end of the call), recorded for V_BLOCK rounds and then applied
//   to one cache-sized column chunk of vᵀ at a time (f64x2, contiguous).
// Every element is formed exactly as in the reference: c·x − s·y and s·x + c·y
// (no fused multiply-add in wasm), so the results agree with it bit for bit.

/** Rounds whose rotations are recorded before they are applied to v together. */
const V_BLOCK: i32 = 32;
/** Bytes of vᵀ a column chunk may span while the rounds of a block are applied to it (half of L2). */
const V_CHUNK_BYTES: i32 = 1 << 19;

/** Scratch bytes jacobiSweeps needs at `work` for an n×n matrix. */
export function jacobiWorkspaceBytes(n: i32): i32 {
  const h = (n + 1) >> 1;
  // per recorded round: (c, s) f64 pairs and (p, q) i32 byte-offset pairs; then round sizes, idle rows
  return V_BLOCK * ((h << 4) + (h << 3)) + (V_BLOCK << 2) + (n << 2) + 16;
}

/**
 * Runs `sweeps` round-robin Jacobi sweeps on a (n×n, row-major, symmetric),
 * accumulating the rotations into v (v ← v·J).
 * @param a, v byte offsets of element 0 (distinct, n² elements each)
 * @param work byte offset of jacobiWorkspaceBytes(n) scratch bytes (16-aligned)
 */
export function jacobiSweeps(a: usize, v: usize, n: i32, sweeps: i32, work: usize): void {
  if (n < 2 || sweeps <= 0) return; // the only pair of n = 1 contains the dummy index
  const m = n + (n & 1);
  const h = m >> 1;
  const csAll = work; // f64 [V_BLOCK][h][2]: c, s of active pair k of a recorded round
  const pqAll = csAll + <usize>V_BLOCK * (<usize>h << 4); // i32 [V_BLOCK][h][2]: byte offsets p·8, q·8
  const counts = pqAll + <usize>V_BLOCK * (<usize>h << 3); // i32 [V_BLOCK]: active pairs per recorded round
  const idle = counts + (<usize>V_BLOCK << 2); // i32 [n]: rows of a in no active pair this round
  const rowBytes = <usize>n << 3;
  // v's column rotations are row rotations of vᵀ: contiguous, and deferred so that a block of
  // rounds is applied to one cache-sized column chunk of vᵀ at a time
  transposeInPlace(v, n);
  let recorded = 0;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let r = 0; r < m - 1; r++) {
      const cs = csAll + <usize>recorded * (<usize>h << 4);
      const pq = pqAll + <usize>recorded * (<usize>h << 3);
      // angles, from the matrix before the round
      let K = 0;
      let nIdle = 0;
      for (let j = 0; j < h; j++) {
        const x = j == 0 ? 0 : 1 + (j - 1 + r) % (m - 1);
        const y = 1 + (m - 2 - j + r) % (m - 1); // P(m − 1 − j), m − 1 − j ≥ 1
        if (x >= n || y >= n) {
          // the dummy partner of odd n
          store<i32>(idle + (<usize>nIdle << 2), x < n ? x : y);
          nIdle++;
          continue;
        }
        const p = min(x, y), q = max(x, y);
        const rowP = a + <usize>p * rowBytes, rowQ = a + <usize>q * rowBytes;
        const apq = load<f64>(rowP + (<usize>q << 3));
        if (apq == 0) {
          store<i32>(idle + (<usize>nIdle << 2), p);
          store<i32>(idle + (<usize>(nIdle + 1) << 2), q);
          nIdle += 2;
          continue;
        }
        const app = load<f64>(rowP + (<usize>p << 3));
        const aqq = load<f64>(rowQ + (<usize>q << 3));
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        store<f64>(cs + (<usize>K << 4), c);
        store<f64>(cs + (<usize>K << 4), t * c, 8);
        store<i32>(pq + (<usize>K << 3), p << 3);
        store<i32>(pq + (<usize>K << 3), q << 3, 4);
        K++;
      }
      if (K == 0) continue;
      // a: per active pair, column updates of rows p and q, then their row rotation
      for (let k = 0; k < K; k++) {
        const rowP = a + <usize>(load<i32>(pq + (<usize>k << 3)) >>> 3) * rowBytes;
        const rowQ = a + <usize>(load<i32>(pq + (<usize>k << 3), 4) >>> 3) * rowBytes;
        columnsOfTwoRows(rowP, rowQ, cs, pq, K);
        rotateRows(rowP, rowQ, load<f64>(cs + (<usize>k << 4)), load<f64>(cs + (<usize>k << 4), 8), 0, n);
      }
      for (let k = 0; k < nIdle; k++) {
        columnsOfRow(a + <usize>load<i32>(idle + (<usize>k << 2)) * rowBytes, cs, pq, K);
      }
      store<i32>(counts + (<usize>recorded << 2), K);
      recorded++;
      if (recorded == V_BLOCK) {
        applyToTransposed(v, n, recorded, csAll, pqAll, counts, h);
        recorded = 0;
      }
    }
  }
  applyToTransposed(v, n, recorded, csAll, pqAll, counts, h);
  transposeInPlace(v, n);
}

/** w ← Jᵀ·w for the recorded rounds in order (w = vᵀ), one column chunk at a time. */
function applyToTransposed(w: usize, n: i32, rounds: i32, csAll: usize, pqAll: usize, counts: usize, h: i32): void {
  if (rounds == 0) return;
  const rowBytes = <usize>n << 3;
  const width = max(16, (V_CHUNK_BYTES / n) & ~15);
  for (let j0 = 0; j0 < n; j0 += width) {
    const j1 = min(n, j0 + width);
    for (let b = 0; b < rounds; b++) {
      const cs = csAll + <usize>b * (<usize>h << 4);
      const pq = pqAll + <usize>b * (<usize>h << 3);
      const K = load<i32>(counts + (<usize>b << 2));
      for (let k = 0; k < K; k++) {
        const rowP = w + <usize>(load<i32>(pq + (<usize>k << 3)) >>> 3) * rowBytes;
        const rowQ = w + <usize>(load<i32>(pq + (<usize>k << 3), 4) >>> 3) * rowBytes;
        rotateRows(rowP, rowQ, load<f64>(cs + (<usize>k << 4)), load<f64>(cs + (<usize>k << 4), 8), j0, j1);
      }
    }
  }
}

/** Transposes the n×n matrix at x in place. */
function transposeInPlace(x: usize, n: i32): void {
  const rowBytes = <usize>n << 3;
  for (let i = 1; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    for (let j = 0; j < i; j++) {
      const e = row + (<usize>j << 3);
      const f = x + <usize>j * rowBytes + (<usize>i << 3);
      const t = load<f64>(e);
      store<f64>(e, load<f64>(f));
      store<f64>(f, t);
    }
  }
}

/** Row x: (x[p], x[q]) ← (c·x[p] − s·x[q], s·x[p] + c·x[q]) for each active pair. */
// @ts-ignore: decorator
@inline
function columnsOfRow(x: usize, cs: usize, pq: usize, K: i32): void {
  for (let k = 0; k < K; k++) {
    const e = cs + (<usize>k << 4);
    const c = load<f64>(e), s = load<f64>(e, 8);
    const o = pq + (<usize>k << 3);
    const xp = x + <usize>load<i32>(o), xq = x + <usize>load<i32>(o, 4);
    const u = load<f64>(xp), w = load<f64>(xq);
    store<f64>(xp, c * u - s * w);
    store<f64>(xq, s * u + c * w);
  }
}

/** columnsOfRow on rows x and y at once, one row per f64x2 lane. */
// @ts-ignore: decorator
@inline
function columnsOfTwoRows(x: usize, y: usize, cs: usize, pq: usize, K: i32): void {
  for (let k = 0; k < K; k++) {
    const e = cs + (<usize>k << 4);
    const c = v128.load64_splat(e), s = v128.load64_splat(e, 8);
    const o = pq + (<usize>k << 3);
    const po = <usize>load<i32>(o), qo = <usize>load<i32>(o, 4);
    const u = v128.load64_lane(y + po, v128.load64_zero(x + po), 1);
    const w = v128.load64_lane(y + qo, v128.load64_zero(x + qo), 1);
    const nu = f64x2.sub(f64x2.mul(c, u), f64x2.mul(s, w));
    const nw = f64x2.add(f64x2.mul(s, u), f64x2.mul(c, w));
    v128.store64_lane(x + po, nu, 0);
    v128.store64_lane(y + po, nu, 1);
    v128.store64_lane(x + qo, nw, 0);
    v128.store64_lane(y + qo, nw, 1);
  }
}

/** (rowP, rowQ) ← (c·rowP − s·rowQ, s·rowP + c·rowQ), elementwise over columns [j0, n). */
// @ts-ignore: decorator
@inline
function rotateRows(rowP: usize, rowQ: usize, c: f64, s: f64, j0: i32, n: i32): void {
  const cv = f64x2.splat(c), sv = f64x2.splat(s);
  let j = j0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 3;
    const p0 = v128.load(rowP + o), q0 = v128.load(rowQ + o);
    const p1 = v128.load(rowP + o, 16), q1 = v128.load(rowQ + o, 16);
    v128.store(rowP + o, f64x2.sub(f64x2.mul(cv, p0), f64x2.mul(sv, q0)));
    v128.store(rowQ + o, f64x2.add(f64x2.mul(sv, p0), f64x2.mul(cv, q0)));
    v128.store(rowP + o, f64x2.sub(f64x2.mul(cv, p1), f64x2.mul(sv, q1)), 16);
    v128.store(rowQ + o, f64x2.add(f64x2.mul(sv, p1), f64x2.mul(cv, q1)), 16);
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    const u = load<f64>(rowP + o), w = load<f64>(rowQ + o);
    store<f64>(rowP + o, c * u - s * w);
    store<f64>(rowQ + o, s * u + c * w);
  }
}

// Householder tridiagonalization of a symmetric matrix (KernelTridiagonalize)
// and the back-transformation z ← Q·z (KernelHouseholderApply); spec: the
// 'tridiagonalize' / 'householderApply' cases of runReference in
// test/reference/kernels.ts.
//
// tridiagonalize works on the lower triangle only (row-major: row i holds
// columns 0..i contiguously) and fuses, for step j, the rank-2 update of step
// j − 1 with the symmetric matrix-vector product of step j, so each step makes
// one read-and-write pass over the trailing triangle:
// - first the pending update of column j (strided, O(n)), which makes the
//   column the reflector is built from current;
// - then, row by row (i = j+1 … n−1), the pending update of a[i, j+1..i]
//   followed, while the row is in registers, by its two contributions to
//   p = A₂₂·w: p[i] += a[i, j+1..i]·w (dot) and p[j+1..i−1] += a[i, j+1..i−1]·w_i
//   (axpy); both contiguous, f64x2.
// The last pending update (the 2×2 block at the bottom) is applied at the end.
// The strict upper triangle is neither read nor written.
//
// householderApply applies the reflectors in blocks of HB (compact WY, as
// LAPACK's dlarft/dlarfb): H_j0·…·H_j1−1 = I − V·T·Vᵀ, so a block costs
// Y = Vᵀ·z, Y ← T·Y, z ← z − V·Y, the two big products on the core's packed
// matmul (assembly/matmul.ts). Blocks go from the last to the first.

import { matmul, matmulWorkspaceBytes } from './matmul';

/** Reflectors per block of householderApply. */
const HB: i32 = 64;
/** Bytes of the V·Y row chunk householderApply forms before subtracting it from z (about half of L2). */
const CHUNK_BYTES: i32 = 1 << 19;

/** Spins on a barrier this many times before sleeping in memory.atomic.wait32. */
const BARRIER_SPINS: i32 = 1 << 20;

/**
 * Scratch bytes tridiagonalize needs at `work` for an n×n matrix on nThreads
 * threads (one workspace shared by all of them): four vectors, one partial
 * product per extra thread, and the barrier.
 */
export function tridiagonalizeWorkspaceBytes(n: i32, nThreads: i32): i32 {
  return ((n * (3 + nThreads)) << 3) + 32;
}

/**
 * Waits until all nThreads threads have arrived (sense by generation: the last
 * to arrive bumps it). sync: [count, generation] as i32, zeroed before the call.
 */
function barrier(sync: usize, nThreads: i32): void {
  const generation = atomic.load<i32>(sync, 4);
  if (atomic.add<i32>(sync, 1) == nThreads - 1) {
    atomic.store<i32>(sync, 0);
    atomic.store<i32>(sync, generation + 1, 4);
    atomic.notify(sync + 4, nThreads);
    return;
  }
  let spins = 0;
  while (atomic.load<i32>(sync, 4) == generation) {
    if (++spins > BARRIER_SPINS) {
      memory.atomic.wait32(sync + 4, generation, -1);
      spins = 0;
    }
  }
}

/** First row of thread t's share of rows k0..n−1, row i costing i − k0 + 1 (equal areas of the triangle). */
function rowSplit(k0: i32, n: i32, t: i32, nThreads: i32): i32 {
  if (t == 0) return k0;
  if (t >= nThreads) return n;
  const m = <f64>(n - k0);
  // rows k0..k0+r−1 hold r(r+1)/2 of the m(m+1)/2 cells
  const r = <i32>Math.round((Math.sqrt(1 + 4 * m * (m + 1) * <f64>t / <f64>nThreads) - 1) / 2);
  return min(n, k0 + r);
}

/**
 * Reduces the symmetric a (n×n row-major, lower triangle read) to tridiagonal form
 * in place, LAPACK dsytrd 'L' layout; writes tau[0..n).
 *
 * On several threads every thread calls it with the same arguments but its
 * own `thread`: the row pass of each step is shared out by rows (equal areas),
 * each thread summing its rows' part of p = A₂₂·w into its own vector, and
 * thread 0 does the O(n) work between passes (p = Σ_t p_t in thread order,
 * which rounds p differently from one thread by a few ulps).
 * @param a, tau byte offsets of element 0 (distinct; n² and n elements)
 * @param work byte offset of tridiagonalizeWorkspaceBytes(n, nThreads) scratch bytes (16-aligned), the same for every thread
 * @param thread this thread's index, 0 … nThreads − 1 (0 alone: nThreads = 1)
 */
export function tridiagonalize(a: usize, tau: usize, n: i32, work: usize, thread: i32, nThreads: i32): void {
  if (n < 3 || nThreads < 2) {
    if (thread == 0) tridiagonalizeRows(a, tau, n, work, 0, 1);
    return;
  }
  tridiagonalizeRows(a, tau, n, work, thread, nThreads);
}

function tridiagonalizeRows(a: usize, tau: usize, n: i32, work: usize, thread: i32, nThreads: i32): void {
  if (n <= 0) return;
  if (thread == 0) memory.fill(tau, 0, <usize>n << 3);
  if (n < 3) return;
  const rowBytes = <usize>n << 3;
  const vecBytes = rowBytes;
  // w, q: reflector and q of the previous step (pending update); wn, p: this step's
  let w = work, q = work + vecBytes, wn = q + vecBytes, p = wn + vecBytes;
  // p of threads 1 … nThreads−1, then the barrier
  const partials = p + vecBytes;
  const sync = partials + <usize>(nThreads - 1) * vecBytes;
  let pending = false;
  for (let j = 0; j < n - 2; j++) {
    const col = a + (<usize>j << 3); // a[i, j] at col + i·rowBytes
    const k0 = j + 1;
    if (thread != 0) {
      // wait for thread 0's reflector, share the row pass, hand back
      barrier(sync, nThreads);
      const mine = partials + <usize>(thread - 1) * vecBytes;
      memory.fill(mine + (<usize>k0 << 3), 0, <usize>(n - k0) << 3);
      const i1 = rowSplit(k0, n, thread + 1, nThreads);
      for (let i = rowSplit(k0, n, thread, nThreads); i < i1; i++) {
        const row = a + <usize>i * rowBytes;
        if (pending) updateRowAndMultiply(row, k0, i, w, q, wn, mine);
        else multiplyRow(row, k0, i, wn, mine);
      }
      barrier(sync, nThreads);
      let x = w; w = wn; wn = x;
      x = q; q = p; p = x;
      pending = true;
      continue;
    }
    if (pending) {
      const wj = load<f64>(w + (<usize>j << 3)), qj = load<f64>(q + (<usize>j << 3));
      for (let i = j; i < n; i++) {
        const e = col + <usize>i * rowBytes;
        store<f64>(e, load<f64>(e) - load<f64>(w + (<usize>i << 3)) * qj - load<f64>(q + (<usize>i << 3)) * wj);
      }
    }
    // reflector from x = a[j+1..n−1, j] (dlarfg): β = −sign(α)·‖x‖, τ = (β − α)/β, v = x[1..]/(α − β)
    const alpha = load<f64>(col + <usize>(j + 1) * rowBytes);
    let scale = 0.0;
    for (let i = j + 2; i < n; i++) scale = max(scale, Math.abs(load<f64>(col + <usize>i * rowBytes)));
    let t = 0.0;
    store<f64>(wn + (<usize>(j + 1) << 3), 1.0);
    if (scale == 0) {
      // H = I: w = e_1, τ = 0 (the column below the subdiagonal is already zero)
      for (let i = j + 2; i < n; i++) store<f64>(wn + (<usize>i << 3), 0.0);
    } else {
      // divisions, not reciprocals: 1/scale or 1/(α − β) may overflow for subnormal columns
      let ss = 0.0;
      for (let i = j + 2; i < n; i++) {
        const x = load<f64>(col + <usize>i * rowBytes) / scale;
        ss += x * x;
      }
      const xnorm = scale * Math.sqrt(ss);
      const mag = Math.hypot(alpha, xnorm);
      const beta = alpha >= 0 ? -mag : mag;
      t = (beta - alpha) / beta;
      const s = alpha - beta; // |s| ≥ ‖x‖, so |v| ≤ 1
      for (let i = j + 2; i < n; i++) {
        const e = col + <usize>i * rowBytes;
        const v = load<f64>(e) / s;
        store<f64>(e, v);
        store<f64>(wn + (<usize>i << 3), v);
      }
      store<f64>(col + <usize>(j + 1) * rowBytes, beta);
    }
    store<f64>(tau + (<usize>j << 3), t);
    // one pass: pending update of rows j+1..n−1, and p = A₂₂·w
    if (nThreads > 1) barrier(sync, nThreads);
    memory.fill(p + (<usize>k0 << 3), 0, <usize>(n - k0) << 3);
    const i1 = rowSplit(k0, n, 1, nThreads);
    for (let i = k0; i < i1; i++) {
      const row = a + <usize>i * rowBytes;
      if (pending) updateRowAndMultiply(row, k0, i, w, q, wn, p);
      else multiplyRow(row, k0, i, wn, p);
    }
    if (nThreads > 1) {
      barrier(sync, nThreads);
      for (let u = 1; u < nThreads; u++) {
        const other = partials + <usize>(u - 1) * vecBytes;
        for (let i = k0; i < n; i++) {
          const e = p + (<usize>i << 3);
          store<f64>(e, load<f64>(e) + load<f64>(other + (<usize>i << 3)));
        }
      }
    }
    // p ← τ·p, K = −½·τ·pᵀw, q = p + K·w (into p)
    let pw = 0.0;
    for (let i = k0; i < n; i++) {
      const e = p + (<usize>i << 3);
      const pi = t * load<f64>(e);
      store<f64>(e, pi);
      pw += pi * load<f64>(wn + (<usize>i << 3));
    }
    const K = -0.5 * t * pw;
    for (let i = k0; i < n; i++) {
      const e = p + (<usize>i << 3);
      store<f64>(e, load<f64>(e) + K * load<f64>(wn + (<usize>i << 3)));
    }
    // this step's (w, q) become the pending update
    let x = w; w = wn; wn = x;
    x = q; q = p; p = x;
    pending = true;
  }
  if (thread != 0) return;
  // the last pending update: the 2×2 block of rows/columns n−2, n−1
  for (let i = n - 2; i < n; i++) {
    const wi = load<f64>(w + (<usize>i << 3)), qi = load<f64>(q + (<usize>i << 3));
    for (let k = n - 2; k <= i; k++) {
      const e = a + <usize>i * rowBytes + (<usize>k << 3);
      store<f64>(e, load<f64>(e) - wi * load<f64>(q + (<usize>k << 3)) - qi * load<f64>(w + (<usize>k << 3)));
    }
  }
}

/**
 * Row i, columns k0..i: a[i,k] ← a[i,k] − w_i·q_k − q_i·w_k, then
 * p[i] += Σ_{k0≤k≤i} a[i,k]·wn_k and p[k] += a[i,k]·wn_i for k0 ≤ k < i.
 */
// @ts-ignore: decorator
@inline
function updateRowAndMultiply(row: usize, k0: i32, i: i32, w: usize, q: usize, wn: usize, p: usize): void {
  const wi = load<f64>(w + (<usize>i << 3)), qi = load<f64>(q + (<usize>i << 3));
  const wni = load<f64>(wn + (<usize>i << 3));
  const wiv = f64x2.splat(wi), qiv = f64x2.splat(qi), wniv = f64x2.splat(wni);
  let d0 = f64x2.splat(0.0), d1 = f64x2.splat(0.0);
  let k = k0;
  for (; k + 4 <= i; k += 4) {
    const o = <usize>k << 3;
    let x0 = v128.load(row + o), x1 = v128.load(row + o, 16);
    x0 = f64x2.sub(f64x2.sub(x0, f64x2.mul(wiv, v128.load(q + o))), f64x2.mul(qiv, v128.load(w + o)));
    x1 = f64x2.sub(f64x2.sub(x1, f64x2.mul(wiv, v128.load(q + o, 16))), f64x2.mul(qiv, v128.load(w + o, 16)));
    v128.store(row + o, x0);
    v128.store(row + o, x1, 16);
    d0 = f64x2.add(d0, f64x2.mul(x0, v128.load(wn + o)));
    d1 = f64x2.add(d1, f64x2.mul(x1, v128.load(wn + o, 16)));
    v128.store(p + o, f64x2.add(v128.load(p + o), f64x2.mul(x0, wniv)));
    v128.store(p + o, f64x2.add(v128.load(p + o, 16), f64x2.mul(x1, wniv)), 16);
  }
  const d = f64x2.add(d0, d1);
  let dot = f64x2.extract_lane(d, 0) + f64x2.extract_lane(d, 1);
  for (; k <= i; k++) {
    const o = <usize>k << 3;
    const x = load<f64>(row + o) - wi * load<f64>(q + o) - qi * load<f64>(w + o);
    store<f64>(row + o, x);
    dot += x * load<f64>(wn + o);
    if (k < i) store<f64>(p + o, load<f64>(p + o) + x * wni);
  }
  const pi = p + (<usize>i << 3);
  store<f64>(pi, load<f64>(pi) + dot);
}

/** multiplyRow's half of updateRowAndMultiply (the first step has no pending update). */
// @ts-ignore: decorator
@inline
function multiplyRow(row: usize, k0: i32, i: i32, wn: usize, p: usize): void {
  const wni = load<f64>(wn + (<usize>i << 3));
  const wniv = f64x2.splat(wni);
  let d0 = f64x2.splat(0.0), d1 = f64x2.splat(0.0);
  let k = k0;
  for (; k + 4 <= i; k += 4) {
    const o = <usize>k << 3;
    const x0 = v128.load(row + o), x1 = v128.load(row + o, 16);
    d0 = f64x2.add(d0, f64x2.mul(x0, v128.load(wn + o)));
    d1 = f64x2.add(d1, f64x2.mul(x1, v128.load(wn + o, 16)));
    v128.store(p + o, f64x2.add(v128.load(p + o), f64x2.mul(x0, wniv)));
    v128.store(p + o, f64x2.add(v128.load(p + o, 16), f64x2.mul(x1, wniv)), 16);
  }
  const d = f64x2.add(d0, d1);
  let dot = f64x2.extract_lane(d, 0) + f64x2.extract_lane(d, 1);
  for (; k <= i; k++) {
    const o = <usize>k << 3;
    const x = load<f64>(row + o);
    dot += x * load<f64>(wn + o);
    if (k < i) store<f64>(p + o, load<f64>(p + o) + x * wni);
  }
  const pi = p + (<usize>i << 3);
  store<f64>(pi, load<f64>(pi) + dot);
}

// ---------------------------------------------------------------- householderApply

/** Rows of the V·Y chunk for m columns. */
function chunkRows(m: i32): i32 {
  return max(8, CHUNK_BYTES / (m << 3));
}

/** Scratch bytes householderApply needs at `work` for n×n reflectors and m columns. */
export function householderApplyWorkspaceBytes(n: i32, m: i32): f64 {
  const v = <f64>n * <f64>HB; // V: (n − 1 − j0) × HB
  const t = <f64>HB * <f64>HB; // T
  const y = <f64>HB * <f64>m; // Y
  const c = <f64>chunkRows(m) * <f64>m; // V·Y chunk
  return (v + t + y + c) * 8 + <f64>matmulWorkspaceBytes() + 64;
}

/**
 * z ← H_0·H_1·…·H_{n−3}·z with the reflectors left in (a, tau) by tridiagonalize.
 * @param a, tau, z byte offsets of element 0 (z: n×m row-major, not a or tau)
 * @param work byte offset of householderApplyWorkspaceBytes(n, m) scratch bytes (16-aligned)
 */
export function householderApply(a: usize, tau: usize, z: usize, n: i32, m: i32, work: usize): void {
  const r = n - 2; // reflectors
  if (r <= 0 || m <= 0) return;
  const rowBytes = <usize>n << 3;
  const zRowBytes = <usize>m << 3;
  const mwork = work;
  const meta = mwork + <usize>matmulWorkspaceBytes();
  const T = meta + 64;
  const V = T + (<usize>(HB * HB) << 3);
  const Y = V + (<usize>n * <usize>HB << 3);
  const C = Y + (<usize>HB * <usize>m << 3);
  const rc = chunkRows(m);
  for (let j0 = ((r - 1) / HB) * HB; j0 >= 0; j0 -= HB) {
    const kb = min(HB, r - j0);
    const N = n - 1 - j0; // rows j0+1 … n−1 of z
    // V[i'][c] = w_{j0+c}[j0+1+i'], row-major N×kb: 0 above the unit "diagonal"
    for (let ip = 0; ip < N; ip++) {
      const i = j0 + 1 + ip;
      const src = a + <usize>i * rowBytes + (<usize>j0 << 3);
      const dst = V + (<usize>(ip * kb) << 3);
      for (let c = 0; c < kb; c++) {
        store<f64>(dst + (<usize>c << 3), ip > c ? load<f64>(src + (<usize>c << 3)) : ip == c ? 1.0 : 0.0);
      }
    }
    buildT(V, N, kb, tau + (<usize>j0 << 3), T);
    // Y = Vᵀ·z[j0+1.., :]  (kb × m)
    const zb = z + <usize>(j0 + 1) * zRowBytes;
    store<i32>(meta, 0); store<i32>(meta, 1, 4); store<i32>(meta, kb, 8);
    store<i32>(meta, 0, 12); store<i32>(meta, m, 16); store<i32>(meta, 1, 20);
    matmul(V, zb, Y, 1, kb, N, m, meta, mwork);
    // Y ← T·Y (T upper triangular; row c needs rows ≥ c only, so in place top-down)
    for (let c = 0; c < kb; c++) {
      const yc = Y + <usize>c * zRowBytes;
      scaleRow(yc, load<f64>(T + (<usize>(c * HB + c) << 3)), m);
      for (let s = c + 1; s < kb; s++) {
        const tcs = load<f64>(T + (<usize>(c * HB + s) << 3));
        if (tcs != 0) axpyRow(yc, Y + <usize>s * zRowBytes, tcs, m);
      }
    }
    // z ← z − V·Y, rc rows at a time
    store<i32>(meta, kb, 4); store<i32>(meta, 1, 8);
    store<i32>(meta, m, 16); store<i32>(meta, 1, 20);
    for (let i0 = 0; i0 < N; i0 += rc) {
      const rows = min(rc, N - i0);
      matmul(V + (<usize>(i0 * kb) << 3), Y, C, 1, rows, kb, m, meta, mwork);
      subtractRows(zb + <usize>i0 * zRowBytes, C, <usize>rows * <usize>m);
    }
  }
}

/**
 * The upper triangular T (row stride HB) with H_0·…·H_{kb−1} = I − V·T·Vᵀ (dlarft 'F', 'C'):
 * T[c,c] = τ_c, T[0:c, c] = −τ_c·T[0:c, 0:c]·(V[:, 0:c]ᵀ·v_c).
 */
function buildT(V: usize, N: i32, kb: i32, tau: usize, T: usize): void {
  memory.fill(T, 0, <usize>(HB * HB) << 3);
  // G = strict upper triangle of VᵀV into T's upper part first (column c: V[:, 0:c]ᵀ v_c)
  for (let ip = 0; ip < N; ip++) {
    const row = V + (<usize>(ip * kb) << 3);
    const cMax = min(kb - 1, ip); // v_c[ip] = 0 for c > ip
    for (let c = 1; c <= cMax; c++) {
      const vc = load<f64>(row + (<usize>c << 3));
      if (vc == 0) continue;
      for (let s = 0; s < c; s++) {
        const e = T + (<usize>(s * HB + c) << 3);
        store<f64>(e, load<f64>(e) + load<f64>(row + (<usize>s << 3)) * vc);
      }
    }
  }
  // column by column: T[0:c, c] = −τ_c·T[0:c, 0:c]·g (g = the Gram column, overwritten top-down)
  for (let c = 0; c < kb; c++) {
    const tc = load<f64>(tau + (<usize>c << 3));
    store<f64>(T + (<usize>(c * HB + c) << 3), tc);
    for (let s = 0; s < c; s++) {
      // row s of T[0:c,0:c]·g uses g[s..c−1]; g[s'] for s' > s is still unmodified
      let acc = 0.0;
      for (let u = s; u < c; u++) {
        acc += load<f64>(T + (<usize>(s * HB + u) << 3)) * load<f64>(T + (<usize>(u * HB + c) << 3));
      }
      store<f64>(T + (<usize>(s * HB + c) << 3), -tc * acc);
    }
  }
}

/** y ← s·y over m elements. */
function scaleRow(y: usize, s: f64, m: i32): void {
  const sv = f64x2.splat(s);
  let k = 0;
  for (; k + 2 <= m; k += 2) {
    const o = <usize>k << 3;
    v128.store(y + o, f64x2.mul(sv, v128.load(y + o)));
  }
  for (; k < m; k++) store<f64>(y + (<usize>k << 3), s * load<f64>(y + (<usize>k << 3)));
}

/** y ← y + s·x over m elements. */
function axpyRow(y: usize, x: usize, s: f64, m: i32): void {
  const sv = f64x2.splat(s);
  let k = 0;
  for (; k + 2 <= m; k += 2) {
    const o = <usize>k << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(sv, v128.load(x + o))));
  }
  for (; k < m; k++) {
    const o = <usize>k << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(x + o));
  }
}

/** z ← z − c over `count` contiguous elements. */
function subtractRows(z: usize, c: usize, count: usize): void {
  let k: usize = 0;
  for (; k + 2 <= count; k += 2) {
    const o = k << 3;
    v128.store(z + o, f64x2.sub(v128.load(z + o), v128.load(c + o)));
  }
  for (; k < count; k++) {
    const o = k << 3;
    store<f64>(z + o, load<f64>(z + o) - load<f64>(c + o));
  }
}

// Batched strided matrix product (KernelMatmul), blocked GotoBLAS-style:
// B is packed into KC×NC panels of NR-wide column strips, A into MC×KC blocks
// of MR-tall row strips, and a 4×4 SIMD micro-kernel walks them with
// contiguous loads. Every out[i, j] is still summed in the reference order
// (0 + a0·b0 + a1·b1 + …, no FMA): the micro-kernel reloads the partial sum
// between KC blocks, so blocking changes speed, not rounding.

const MR: i32 = 4; // rows of the micro-tile
const NR: i32 = 4; // columns of the micro-tile (two f64x2)
const KC: i32 = 128; // depth of a packed block (a 4×KC A strip and KC×4 B strip: 8 KiB, L1)
const MC: i32 = 64; // rows of a packed A block (MC×KC f64 = 64 KiB, L2)
const NC: i32 = 1024; // columns of a packed B panel (KC×NC f64 = 1 MiB, L2/L3)

/** Products smaller than this many multiply-adds skip packing. */
const SMALL_WORK: i64 = 16384;

/** Byte offset of the ragged-edge tile (MR×NR) inside the workspace, after the packed A block and B panel. */
const EDGE_TILE_AT: usize = <usize>(MC * KC + KC * NC) << 3;

/**
 * Scratch bytes matmul needs at `work`: one A block, one B panel and the edge
 * tile. Nothing lives in static memory, so threads sharing the memory each
 * run matmul on their own workspace.
 */
export function matmulWorkspaceBytes(): i32 {
  return <i32>EDGE_TILE_AT + ((MR * NR) << 3);
}

/**
 * out[t, i, j] = Σ_p A[t, i, p]·B[t, p, j], out contiguous [batch, m, n].
 * A[t,i,p] = a[t·as0 + i·as1 + p·as2] (elements), likewise B with bs0..bs2.
 * @param a, b, out byte offsets of element 0
 * @param meta i32 [as0, as1, as2, bs0, bs1, bs2]
 * @param work byte offset of matmulWorkspaceBytes() scratch bytes
 */
export function matmul(
  a: usize, b: usize, out: usize, batch: i32, m: i32, k: i32, n: i32, meta: usize, work: usize,
): void {
  const as0 = load<i32>(meta), as1 = load<i32>(meta, 4), as2 = load<i32>(meta, 8);
  const bs0 = load<i32>(meta, 12), bs1 = load<i32>(meta, 16), bs2 = load<i32>(meta, 20);
  const small = <i64>m * <i64>n * <i64>k < SMALL_WORK || m < MR || n < NR;
  const outBytes = <usize>m * <usize>n << 3;
  for (let t = 0; t < batch; t++) {
    const pa = a + (<usize>(t * as0) << 3);
    const pb = b + (<usize>(t * bs0) << 3);
    const pc = out + <usize>t * outBytes;
    if (k == 0) memory.fill(pc, 0, outBytes);
    else if (small) rowAccumulate(pa, as1, as2, pb, bs1, bs2, pc, m, k, n);
    else blocked(pa, as1, as2, pb, bs1, bs2, pc, m, k, n, work);
  }
}

/** Unpacked i-p-j loop: out row i += a[i,p]·B row p; keeps the reference summation order. */
function rowAccumulate(
  a: usize, as1: i32, as2: i32, b: usize, bs1: i32, bs2: i32, c: usize, m: i32, k: i32, n: i32,
): void {
  const rowBytes = <usize>n << 3;
  for (let i = 0; i < m; i++) {
    const ci = c + <usize>i * rowBytes;
    memory.fill(ci, 0, rowBytes);
    for (let p = 0; p < k; p++) {
      const aip = load<f64>(a + (<usize>(i * as1 + p * as2) << 3));
      const bp = b + (<usize>(p * bs1) << 3);
      let j = 0;
      if (bs2 == 1) {
        const av = f64x2.splat(aip);
        for (; j + 2 <= n; j += 2) {
          const q = <usize>j << 3;
          v128.store(ci + q, f64x2.add(v128.load(ci + q), f64x2.mul(av, v128.load(bp + q))));
        }
      }
      for (; j < n; j++) {
        const q = ci + (<usize>j << 3);
        store<f64>(q, load<f64>(q) + aip * load<f64>(bp + (<usize>(j * bs2) << 3)));
      }
    }
  }
}

function blocked(
  a: usize, as1: i32, as2: i32, b: usize, bs1: i32, bs2: i32, c: usize, m: i32, k: i32, n: i32, work: usize,
): void {
  const packA = work;
  const packB = work + (<usize>(MC * KC) << 3);
  const ldc = <usize>n << 3;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelB(b + (<usize>(pc * bs1 + jc * bs2) << 3), bs1, bs2, kc, nc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packBlockA(a + (<usize>(ic * as1 + pc * as2) << 3), as1, as2, mc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bStrip = packB + (<usize>(jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const aStrip = packA + (<usize>(ir * kc) << 3);
            const tile = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 3);
            if (mr == MR && nr == NR) {
              microKernel(aStrip, bStrip, kc, tile, ldc, pc == 0);
            } else {
              edgeTile(aStrip, bStrip, kc, tile, ldc, mr, nr, pc == 0, work + EDGE_TILE_AT);
            }
          }
        }
      }
    }
  }
}

/** Packs kc×nc of B into NR-wide strips, each kc rows of NR values (zero-padded). */
function packPanelB(b: usize, bs1: i32, bs2: i32, kc: i32, nc: i32, dst: usize): void {
  let q = dst;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      const row = b + (<usize>(p * bs1 + jr * bs2) << 3);
      if (nr == NR && bs2 == 1) {
        v128.store(q, v128.load(row));
        v128.store(q, v128.load(row, 16), 16);
      } else {
        for (let j = 0; j < NR; j++) {
          store<f64>(q + (<usize>j << 3), j < nr ? load<f64>(row + (<usize>(j * bs2) << 3)) : 0.0);
        }
      }
      q += <usize>NR << 3;
    }
  }
}

/** Packs mc×kc of A into MR-tall strips, each kc columns of MR values (zero-padded). */
function packBlockA(a: usize, as1: i32, as2: i32, mc: i32, kc: i32, dst: usize): void {
  let q = dst;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const strip = a + (<usize>(ir * as1) << 3);
    for (let p = 0; p < kc; p++) {
      const col = strip + (<usize>(p * as2) << 3);
      for (let r = 0; r < MR; r++) {
        store<f64>(q + (<usize>r << 3), r < mr ? load<f64>(col + (<usize>(r * as1) << 3)) : 0.0);
      }
      q += <usize>MR << 3;
    }
  }
}

/** A ragged tile: run the micro-kernel on a padded copy, then write back the mr×nr part. */
function edgeTile(
  aStrip: usize, bStrip: usize, kc: i32, tile: usize, ldc: usize, mr: i32, nr: i32, first: bool, edge: usize,
): void {
  const ldt = <usize>NR << 3;
  if (!first) {
    for (let r = 0; r < mr; r++) {
      for (let j = 0; j < nr; j++) {
        store<f64>(edge + <usize>r * ldt + (<usize>j << 3), load<f64>(tile + <usize>r * ldc + (<usize>j << 3)));
      }
    }
  }
  microKernel(aStrip, bStrip, kc, edge, ldt, first);
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      store<f64>(tile + <usize>r * ldc + (<usize>j << 3), load<f64>(edge + <usize>r * ldt + (<usize>j << 3)));
    }
  }
}

/**
 * C[0..4, 0..4] (row stride ldc bytes) += Σ_p Ap[p]ᵀ·Bp[p] over kc packed columns;
 * C starts from 0 when `first` (the first KC block), else from its stored value.
 */
// @ts-ignore: decorator
@inline function microKernel(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, first: bool): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let r0a = f64x2.splat(0.0), r0b = f64x2.splat(0.0);
  let r1a = f64x2.splat(0.0), r1b = f64x2.splat(0.0);
  let r2a = f64x2.splat(0.0), r2b = f64x2.splat(0.0);
  let r3a = f64x2.splat(0.0), r3b = f64x2.splat(0.0);
  if (!first) {
    r0a = v128.load(c); r0b = v128.load(c, 16);
    r1a = v128.load(c1); r1b = v128.load(c1, 16);
    r2a = v128.load(c2); r2b = v128.load(c2, 16);
    r3a = v128.load(c3); r3b = v128.load(c3, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let av = v128.load64_splat(ap);
    r0a = f64x2.add(r0a, f64x2.mul(av, b0)); r0b = f64x2.add(r0b, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 8);
    r1a = f64x2.add(r1a, f64x2.mul(av, b0)); r1b = f64x2.add(r1b, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 16);
    r2a = f64x2.add(r2a, f64x2.mul(av, b0)); r2b = f64x2.add(r2b, f64x2.mul(av, b1));
    av = v128.load64_splat(ap, 24);
    r3a = f64x2.add(r3a, f64x2.mul(av, b0)); r3b = f64x2.add(r3b, f64x2.mul(av, b1));
    ap += 32;
    bp += 32;
  }
  v128.store(c, r0a); v128.store(c, r0b, 16);
  v128.store(c1, r1a); v128.store(c1, r1b, 16);
  v128.store(c2, r2a); v128.store(c2, r2b, 16);
  v128.store(c3, r3a); v128.store(c3, r3b, 16);
}

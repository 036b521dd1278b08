// Batched matrix product out[b, i, j] = Σ_k A[b, i, k] · B[b, k, j], out contiguous
// [batch, m, n], A and B addressed by (batch, row, column) strides (transposes are
// swapped strides, a batch stride of 0 reuses one matrix).
// Each workgroup computes one TILE×TILE block of out, staging TILE×TILE blocks of A
// and B in workgroup memory so each loaded element is used TILE times.

struct Params {
  batch: u32,
  m: u32,
  k: u32,
  n: u32,
  tilesM: u32,
  tilesN: u32,
  aStrides: vec4<i32>,
  bStrides: vec4<i32>,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

const TILE = ${TILE}u;

var<workgroup> tileA: array<array<f32, TILE>, TILE>;
var<workgroup> tileB: array<array<f32, TILE>, TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  // flat workgroup index over (batch, tile row, tile column), spread over a 2-D grid
  let wg = wid.y * nwg.x + wid.x;
  let tilesPerMatrix = p.tilesM * p.tilesN;
  // uniform across the workgroup, so the barriers below stay in uniform control flow
  if (wg >= p.batch * tilesPerMatrix) { return; }
  let batchIndex = wg / tilesPerMatrix;
  let tile = wg % tilesPerMatrix;
  let row = (tile / p.tilesN) * TILE + lid.y;
  let col = (tile % p.tilesN) * TILE + lid.x;
  let aBase = i32(batchIndex) * p.aStrides.x + i32(row) * p.aStrides.y;
  let bBase = i32(batchIndex) * p.bStrides.x + i32(col) * p.bStrides.z;

  var acc = 0.0;
  for (var k0 = 0u; k0 < p.k; k0 += TILE) {
    let ka = k0 + lid.x;
    var va = 0.0;
    if (row < p.m && ka < p.k) { va = a[aBase + i32(ka) * p.aStrides.z]; }
    tileA[lid.y][lid.x] = va;
    let kb = k0 + lid.y;
    var vb = 0.0;
    if (kb < p.k && col < p.n) { vb = b[bBase + i32(kb) * p.bStrides.y]; }
    tileB[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var kk = 0u; kk < TILE; kk++) {
      acc += tileA[lid.y][kk] * tileB[kk][lid.x];
    }
    workgroupBarrier();
  }
  if (row < p.m && col < p.n) {
    out[(batchIndex * p.m + row) * p.n + col] = acc;
  }
}

// Edge masks and closed-form edges (kan-model/2): the forward pass against an
// independent construction (the masked edges' coefficients zeroed in a plain
// kan-model/1 copy, the closed forms evaluated on the host), file round trips,
// the format rule, and checks on bad decorations.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { SYMBOLIC_FUNCTIONS } from '../../src/kan/symbolic-functions.js';
import { makeBackend, TEST_BACKENDS, precisionOf } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';

const base = (type: 'spline' | 'base' | 'chebyshev') => createKan({ layerDims: [2, 3, 2], layer: type, G: 4, D: 4, init: { type: 'glorot' }, seed: 7 } as never);

/** Layer 1 of `m` decorated: edges (0,1) and (1,2) masked, (0,1) replaced by 0.5·sin(2x + 0.3) − 0.1, (1,0) plus x² (mask kept). */
function decorate(m: KanModel): KanModel {
  const spec = m.toJSON() as any;
  const l = spec.layers[1];
  l.edge_mask = { shape: [2, 3], data: [1, 0, 1, 1, 1, 0] };
  l.symbolic = [{ out: 0, in: 1, fn: 'sin' }, { out: 1, in: 0, fn: 'x^2' }];
  l.symbolic_affine = { shape: [2, 4], data: [2, 0.3, 0.5, -0.1, 1, -0.2, 0.7, 0.05] };
  spec.format = 'kan-model/2';
  return KanModel.fromJSON(spec);
}

/** The same network without decorations: the masked edges' coefficients set to zero. */
function zeroed(m: KanModel, type: string): KanModel {
  const spec = m.toJSON() as any;
  const l = spec.layers[1];
  const nB = l.c_basis.shape[l.c_basis.shape.length - 1];
  for (const [o, i] of [[0, 1], [1, 2]]) {
    for (let b = 0; b < nB; b++) l.c_basis.data[(o * 3 + i) * nB + b] = 0;
    if (l.c_res) l.c_res.data[o * 3 + i] = 0;
  }
  expect(type).toBe(l.type);
  return KanModel.fromJSON(spec);
}

const x = { shape: [5, 2], data: [0.1, -0.4, 0.7, 0.2, -0.9, 0.5, 0.3, 0.3, -0.2, -0.8] };

describe('edge decorations (kan-model/2)', () => {
  for (const name of TEST_BACKENDS) {
    describe(name, () => {
      let backend: Backend;
      beforeAll(async () => {
        backend = await makeBackend(name);
      });
      afterAll(() => backend?.dispose());

      for (const type of ['spline', 'base', 'chebyshev'] as const) {
        it(`${type}: mask ⊙ numeric edges + c·f(a·x + b) + d, as a zeroed plain model plus the host's closed forms`, async () => {
          const m = base(type);
          const dec = decorate(m);
          const engine = { backend };
          const got = await dec.forward(engine, x);
          const plain = await zeroed(m, type).forward(engine, x);
          const hidden = await KanModel.fromJSON({ format: 'kan-model/1', layers: [m.layers[0]] }).forward(engine, x);
          const want = Float64Array.from(plain.data);
          for (let a = 0; a < 5; a++) {
            want[a * 2 + 0] += 0.5 * Math.sin(2 * hidden.data[a * 3 + 1] + 0.3) - 0.1;
            want[a * 2 + 1] += 0.7 * SYMBOLIC_FUNCTIONS['x^2'].host(hidden.data[a * 3 + 0] - 0.2) + 0.05;
          }
          expect(relErr(got.data, want)).toBeLessThan(precisionOf(name) === 'f64' ? 1e-13 : 1e-5);
        });
      }
    });
  }

  it('the file: kan-model/2 with the decorations, a byte-identical round trip, the affine parameters last in θ', () => {
    const m = base('spline'), dec = decorate(m);
    const text = dec.serialize();
    expect(JSON.parse(text).format).toBe('kan-model/2');
    expect(KanModel.parse(text).serialize()).toBe(text);
    expect(dec.nParams).toBe(m.nParams + 8);
    expect(Array.from(dec.flatParams().slice(-8))).toEqual([2, 0.3, 0.5, -0.1, 1, -0.2, 0.7, 0.05]);
    // undecorated models keep writing kan-model/1
    expect(JSON.parse(m.serialize()).format).toBe('kan-model/1');
  });

  it('names bad decorations', () => {
    const good = JSON.parse(decorate(base('spline')).serialize());
    const bad = (edit: (l: any, spec: any) => void) => {
      const spec = structuredClone(good);
      edit(spec.layers[1], spec);
      return () => KanModel.fromJSON(spec);
    };
    expect(bad((_, s) => (s.format = 'kan-model/1'))).toThrow(/edge masks and symbolic edges need format "kan-model\/2"/);
    expect(bad((l) => (l.edge_mask.data[0] = 0.5))).toThrow(/'edge_mask' values must be 0 or 1/);
    expect(bad((l) => (l.symbolic[0].fn = 'erf'))).toThrow(/unknown function "erf" \(library: x, x\^2/);
    expect(bad((l) => (l.symbolic[1].in = 3))).toThrow(/symbolic\[1\]\.in must be an input index below 3/);
    expect(bad((l) => (l.symbolic[1] = { ...l.symbolic[0] }))).toThrow(/edge \(out 0, in 1\) is listed twice/);
    expect(bad((l) => (l.symbolic_affine = null))).toThrow(/'symbolic_affine' \[n_sym, 4\] is missing/);
    const dense = createKan({ layerDims: [2, 2], layer: 'dense' } as never).toJSON() as any;
    dense.layers[0].edge_mask = { shape: [2, 2], data: [1, 1, 1, 1] };
    dense.format = 'kan-model/2';
    expect(() => KanModel.fromJSON(dense)).toThrow(/'edge_mask' applies to KAN layers only, not to 'dense' layers/);
  });
});

// Edge activations and the sparsity regulariser: Σ_i φ_oi + bias_o reproduces
// every layer's output; R's value from φ on the host; ∂R/∂θ against central
// finite differences; training with R makes the network sparser.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { tensor } from '../../src/graph/ops/create.js';
import { grad } from '../../src/graph/grad.js';
import { tidy } from '../../src/graph/tape.js';
import { edgeActivations } from '../../src/interpret/edge-activations.js';
import { sparsityPenalty, type SparsityOptions } from '../../src/interpret/sparsity.js';
import { train } from '../../src/train/train-loop.js';
import { adam } from '../../src/train/optimizers/adam.js';
import { makeBackend, TEST_BACKENDS, precisionOf } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';
import { createSeededRandom } from '../../src/math/random.js';

const model = (type: string) => createKan({ layerDims: [2, 3, 1], layer: type, G: 4, D: 3, init: { type: 'glorot' }, seed: 3 } as never);
const rng = createSeededRandom(9);
const x = { shape: [12, 2], data: Float64Array.from({ length: 24 }, () => rng.uniform(-1, 1)) };

/** R from φ read back to the host, by the definition. */
async function hostPenalty(bound: any, o: Required<SparsityOptions>): Promise<number> {
  let r = 0;
  const acts = await tidy(async () => Promise.all(edgeActivations(bound, tensor(bound.backend, x.data, x.shape)).map(async (a) => ({ shape: a.phi.shape, data: await a.phi.data() }))));
  for (const { shape: [n, nOut, nIn], data } of acts) {
    const A = new Float64Array(nOut * nIn);
    for (let a = 0; a < n; a++) for (let e = 0; e < nOut * nIn; e++) A[e] += Math.abs(data[a * nOut * nIn + e]) / n;
    const l1 = A.reduce((s, v) => s + v, 0);
    let S = 0;
    for (const v of A) if (v > 0) S -= (v / l1) * Math.log(v / l1);
    r += o.lambda * (o.mu1 * l1 + o.mu2 * S);
  }
  for (const layer of (await bound.toModel()).layers) {
    const c = layer.c_basis, nB = c.shape[c.shape.length - 1];
    for (let e = 0; e < c.data.length / nB; e++) {
      let m = 0;
      for (let b = 0; b < nB; b++) m += Math.abs(c.data[e * nB + b]) / nB;
      r += o.lambdaCoef * m;
    }
  }
  return r;
}

describe('edge activations and the sparsity regulariser', () => {
  for (const name of TEST_BACKENDS) {
    describe(name, () => {
      let backend: Backend;
      beforeAll(async () => {
        backend = await makeBackend(name);
      });
      afterAll(() => backend?.dispose());
      const tol = () => (precisionOf(name) === 'f64' ? 1e-12 : 1e-4);

      for (const type of ['spline', 'base', 'chebyshev']) {
        it(`${type}: Σ_i φ_oi(x_i) + bias_o is every layer's output; R from φ on the host`, async () => {
          const bound = model(type).bind(backend);
          try {
            await tidy(async () => {
              const xt = tensor(backend, x.data, x.shape);
              const acts = edgeActivations(bound, xt);
              for (let l = 0; l < acts.length; l++) {
                const { phi, input } = acts[l];
                const [n, nOut, nIn] = phi.shape;
                const v = await phi.data(), out = await bound.layers[l].forward(input).data();
                const bias = bound.layers[l].params.bias ? await bound.layers[l].params.bias.data() : new Float64Array(nOut);
                const want = Float64Array.from(out), got = new Float64Array(n * nOut);
                for (let a = 0; a < n; a++) for (let o = 0; o < nOut; o++) {
                  got[a * nOut + o] = bias[o];
                  for (let i = 0; i < nIn; i++) got[a * nOut + o] += v[(a * nOut + o) * nIn + i];
                }
                expect(relErr(got, want)).toBeLessThan(tol());
              }
            });
            const o = { lambda: 0.7, mu1: 1, mu2: 2, lambdaCoef: 0.3 };
            const R = await tidy(async () => (await sparsityPenalty(bound, tensor(backend, x.data, x.shape), o).data())[0]);
            // the log guard (p + 1e-12) moves R by ~1e-12 relative
            expect(relErr([R], [await hostPenalty(bound, o)])).toBeLessThan(precisionOf(name) === 'f64' ? 1e-10 : 1e-4);
          } finally {
            bound.dispose();
          }
        });
      }
    });
  }

  it('∂R/∂θ equals central finite differences (wasm, f64), with a masked edge and a symbolic edge', async () => {
    const backend = await makeBackend('wasm');
    const spec = model('spline').toJSON() as any;
    spec.format = 'kan-model/2';
    spec.layers[0].edge_mask = { shape: [3, 2], data: [1, 1, 0, 1, 1, 1] };
    spec.layers[0].symbolic = [{ out: 1, in: 0, fn: 'sin' }];
    spec.layers[0].symbolic_affine = { shape: [1, 4], data: [1.5, 0.2, 0.8, 0.1] };
    const m = KanModel.fromJSON(spec);
    const bound = m.bind(backend);
    const o = { lambda: 1, mu1: 1, mu2: 2, lambdaCoef: 0.5 };
    const value = async () => tidy(async () => (await sparsityPenalty(bound, tensor(backend, x.data, x.shape), o).data())[0]);
    try {
      const g = await tidy(async () => {
        const R = sparsityPenalty(bound, tensor(backend, x.data, x.shape), o);
        return bound.flatParams(grad(R, bound.params)).data();
      });
      const theta = m.flatParams(), h = 1e-6;
      const fd = new Float64Array(theta.length);
      for (let p = 0; p < theta.length; p++) {
        const t = Float64Array.from(theta);
        t[p] += h;
        bound.setFlatParams(t);
        const up = await value();
        t[p] -= 2 * h;
        bound.setFlatParams(t);
        fd[p] = (up - (await value())) / (2 * h);
      }
      expect(relErr(g, fd)).toBeLessThan(1e-6);
      // the masked edge's coefficients get no gradient from the edge terms, only from the coefficient L1
      expect(Math.abs(g[theta.length - 1])).toBeGreaterThan(0);
    } finally {
      bound.dispose();
      backend.dispose();
    }
  });

  it('training with R leaves a sparser network (smaller |Φ|₁) than training without', async () => {
    const backend = await makeBackend('wasm');
    const y = { shape: [12, 1], data: Array.from({ length: 12 }, (_, a) => Math.sin(2 * x.data[2 * a])) };
    const l1Of = async (bound: any) => tidy(async () => {
      let s = 0;
      for (const { phi } of edgeActivations(bound, tensor(backend, x.data, x.shape))) for (const v of await phi.data()) s += Math.abs(v) / 12;
      return s;
    });
    try {
      const results = [];
      for (const lambda of [0, 0.05]) {
        const bound = model('spline').bind(backend);
        await train(bound, { x, y }, { steps: 300, optimizer: adam({ lr: 0.02 }), regularizer: lambda ? (b, xb) => sparsityPenalty(b, xb, { lambda }) : undefined });
        results.push(await l1Of(bound));
        bound.dispose();
      }
      expect(results[1]).toBeLessThan(0.7 * results[0]);
    } finally {
      backend.dispose();
    }
  });
});

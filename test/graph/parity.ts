// Backend parity: the same graphs (forward, gradient, second-order product)
// on a test backend and on the f64 wasm backend. Shared by the Node suite and
// the browser page, so no Node APIs here.
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import type { Tensor } from '../../src/graph/index.js';
import { OP_CASES, type OpCase } from './op-cases.js';
import { createRandom } from '../helpers/random.js';
import { relErr, size } from '../helpers/nd.js';

export interface ParityRow {
  name: string;
  forward: number;
  grad: number;
  /** Hessian-vector product (grad of ⟨grad, v⟩); NaN for ops without gradients. */
  hvp: number;
}

/** forward, d⟨w, f⟩/dx and its derivative along v, read back as flat arrays. */
async function evaluate(backend: Backend, c: OpCase, xs: number[][], w: number[], v: number[][]): Promise<number[][]> {
  return g.tidy(async () => {
    const ts = xs.map((x, i) => g.tensor(backend, x, c.shapes[i]));
    const y = c.run(ts);
    const out = [Array.from(await y.data())];
    if (c.noGrad) return out;
    const gs = g.grad(y, ts, { seeds: [g.tensor(backend, w, [...y.shape])], createGraph: true });
    let dot: Tensor = g.scalar(backend, 0);
    gs.forEach((gi, i) => (dot = g.add(dot, g.sum(g.mul(gi, g.tensor(backend, v[i], c.shapes[i]))))));
    const hv = g.grad(dot, ts);
    out.push((await Promise.all(gs.map((t) => t.data()))).flatMap((d) => Array.from(d)));
    out.push((await Promise.all(hv.map((t) => t.data()))).flatMap((d) => Array.from(d)));
    return out;
  });
}

export async function parityReport(test: Backend, wasm: Backend): Promise<ParityRow[]> {
  const rows: ParityRow[] = [];
  for (const c of OP_CASES) {
    const rnd = createRandom(29);
    const xs = c.shapes.map((s) => Array.from(rnd.array(size(s), ...(c.domain ?? [-2, 2]))));
    const outSize = g.tidy(() => c.run(xs.map((x, i) => g.tensor(wasm, x, c.shapes[i]))).size);
    const w = Array.from(rnd.array(outSize));
    const v = xs.map((x) => Array.from(rnd.array(x.length)));
    const [a, b] = [await evaluate(test, c, xs, w, v), await evaluate(wasm, c, xs, w, v)];
    rows.push({ name: c.name, forward: relErr(a[0], b[0]), grad: c.noGrad ? NaN : relErr(a[1], b[1]), hvp: c.noGrad ? NaN : relErr(a[2], b[2]) });
  }
  return rows;
}

// f32 against f64: one rounding of ~6e-8 per op, a few ops deep, on values of order 1;
// second-order products go through ~3× more ops.
export const PARITY_TOLERANCE = { forward: 2e-5, grad: 5e-5, hvp: 2e-4 };

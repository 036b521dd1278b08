// Closed-form fits against known functions (R² ≈ 1 for exact matches, with
// the parameters recovered up to the form's own symmetries), the choice rule,
// fixSymbolic/autoSymbolic on a KAN, and formulas that evaluate (with mathjs)
// to what the model computes; discover recovers exp(sin(πx1) + x2²).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import { KanModel } from '../../src/kan/model.js';
import { SYMBOLIC_FUNCTIONS, SYMBOLIC_NAMES } from '../../src/kan/symbolic-functions.js';
import { fitAffine, linearFit } from '../../src/interpret/symbolic-fit.js';
import { autoSymbolic, choiceScore, fixSymbolic } from '../../src/interpret/symbolic-edges.js';
import { evaluateFormulas, rawFormulas, symbolicFormula } from '../../src/interpret/formula.js';
import { discover } from '../../src/interpret/discover.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';

const rng = createSeededRandom(12);
const xs = Float64Array.from({ length: 300 }, () => rng.uniform(-1, 1));

describe('closed-form fits', () => {
  // y = c·f(a·x + b) + d with parameters inside the search ranges and arguments inside each domain
  const cases: [string, number, number, number, number][] = [
    ['x^2', 1, 0.5, 2, -1], ['x^3', 1, -0.3, -1.5, 0.2], ['x^4', 1, 0.2, 0.5, 0], ['1/x', 1, 2, 1, 0.5], ['sqrt', 1, 1.5, 2, 0],
    ['exp', 1.3, 0, 0.7, -0.2], ['log', 1, 2, 1.2, 0.1], ['sin', 3.14159, 0, 1, 0], ['cos', 2, 0.5, -0.8, 0.3], ['tan', 1.2, 0, 0.5, 0],
    ['tanh', 3, -0.5, 1, 0], ['abs', 1, 0.3, 1, 0], ['sigmoid', 4, 1, 2, -1], ['gaussian', 2, 0.4, 1.5, 0.1],
  ];
  for (const [name, a, b, c, d] of cases) {
    it(`${name}: R² ≈ 1 and the samples reproduced`, () => {
      const f = SYMBOLIC_FUNCTIONS[name];
      const ys = Float64Array.from(xs, (v) => c * f.host(a * v + b) + d);
      const fit = fitAffine(f, xs, ys);
      expect(fit.r2).toBeGreaterThan(1 - 1e-9);
      const again = Float64Array.from(xs, (v) => fit.c * f.host(fit.a * v + fit.b) + fit.d);
      expect(relErr(again, ys)).toBeLessThan(1e-4);
    });
  }

  it('sin recovers a = π up to sign; x and the constant are exact; a wrong form fits worse', () => {
    const ys = Float64Array.from(xs, (v) => Math.sin(Math.PI * v));
    const sin = fitAffine(SYMBOLIC_FUNCTIONS.sin, xs, ys);
    expect(Math.abs(Math.abs(sin.a) - Math.PI)).toBeLessThan(1e-3);
    expect(fitAffine(SYMBOLIC_FUNCTIONS.x, xs, Float64Array.from(xs, (v) => 3 * v - 1))).toMatchObject({ c: expect.closeTo(3, 12), d: expect.closeTo(-1, 12), r2: expect.closeTo(1, 12) });
    expect(fitAffine(SYMBOLIC_FUNCTIONS['0'], xs, Float64Array.from(xs, () => 2)).d).toBeCloseTo(2, 12);
    expect(fitAffine(SYMBOLIC_FUNCTIONS['x^2'], xs, ys).r2).toBeLessThan(0.7);
    expect(linearFit([1, 2, 3], [2, 4, 6])).toEqual({ c: 2, d: 0, r2: 1 });
  });

  it('the choice: a simpler form wins unless a complex one fits clearly better', () => {
    expect(choiceScore(0.999999, 1, 0.8)).toBeLessThan(choiceScore(0.9999999, 3, 0.8));
    expect(choiceScore(0.9999, 2, 0.8)).toBeLessThan(choiceScore(0.9, 1, 0.8));
    expect(SYMBOLIC_NAMES).toEqual(['x', 'x^2', 'x^3', 'x^4', '1/x', 'sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'abs', 'sigmoid', 'gaussian', '0']);
  });
});

describe('symbolic edges and formulas', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());
  const x = { shape: [64, 2], data: Float64Array.from({ length: 128 }, () => rng.uniform(-1, 1)) };

  it('fixSymbolic replaces one edge (masked numeric branch + closed form); autoSymbolic the rest; the formula evaluates to the model', async () => {
    const m = createKan({ layerDims: [2, 2, 1], layer: 'spline', G: 5, init: { type: 'glorot' }, seed: 2 });
    const b0 = m.bind(backend);
    const fixed = await fixSymbolic(b0, x, { layer: 0, out: 1, in: 0, fn: 'tanh' });
    b0.dispose();
    expect(fixed.choice).toMatchObject({ layer: 0, out: 1, in: 0, fn: 'tanh' });
    const spec = fixed.model.toJSON();
    expect(spec.format).toBe('kan-model/2');
    expect((spec.layers[0] as any).edge_mask.data).toEqual([1, 1, 0, 1]);
    const b1 = fixed.model.bind(backend);
    await expect(fixSymbolic(b1, x, { layer: 0, out: 1, in: 0, fn: 'sin' })).rejects.toThrow(/masked or closed-form already/);
    await expect(fixSymbolic(b1, x, { layer: 2, out: 0, in: 0, fn: 'sin' })).rejects.toThrow(/layer 2 does not exist/);
    await expect(fixSymbolic(b1, x, { layer: 0, out: 0, in: 0, fn: 'erf' })).rejects.toThrow(/unknown function 'erf'/);
    expect(() => rawFormulas(fixed.model)).toThrow(/edge \(layer 0, out 0, in 0\) is not closed-form yet/);
    const auto = await autoSymbolic(b1, x, { library: ['x^2', 'sin', 'tanh', 'exp'] });
    b1.dispose();
    expect(auto.choices).toHaveLength(2 * 2 + 2 - 1);
    expect(auto.kept).toEqual([]);
    // the formula is the closed-form model, exactly (full precision, before and after mathjs simplifies it)
    const engine = { backend };
    const want = (await auto.model.forward(engine, x)).data;
    expect(relErr(await evaluateFormulas(rawFormulas(auto.model), x), want)).toBeLessThan(1e-12);
    const formula = await symbolicFormula(auto.model);
    expect(relErr(await evaluateFormulas(formula.text, x), want)).toBeLessThan(1e-10);
    expect(formula.latex[0]).toMatch(/\\/);
    // rounded for reading: close, not exact
    const short = await symbolicFormula(auto.model, { digits: 4 });
    expect(relErr(await evaluateFormulas(short.text, x), want)).toBeLessThan(1e-2);
  });

  it('discover recovers exp(sin(πx1) + x2²) from samples', async () => {
    const r2 = createSeededRandom(1);
    const N = 1000;
    const data = Float64Array.from({ length: 2 * N }, () => r2.uniform(-1, 1));
    const f = (a: number, b: number) => Math.exp(Math.sin(Math.PI * a) + b * b);
    const y = Float64Array.from({ length: N }, (_, a) => f(data[2 * a], data[2 * a + 1]));
    const result = await discover({ backend }, { shape: [N, 2], data }, { shape: [N, 1], data: y }, { seed: 0 });
    expect(result.pruned.layers.map((l) => [l.n_in, l.n_out])).toEqual([[2, 1], [1, 1]]);
    expect(result.choices.map((c) => c.fn).sort()).toEqual(['exp', 'sin', 'x^2']);
    const sin = result.choices.find((c) => c.fn === 'sin')!;
    expect(Math.abs(Math.abs(sin.a) - Math.PI)).toBeLessThan(1e-3);
    expect(result.formula.text[0]).toMatch(/exp\(/);
    // the formula, on points it never saw, is the function
    const test = { shape: [50, 2], data: Float64Array.from({ length: 100 }, () => r2.uniform(-1, 1)) };
    const got = await evaluateFormulas(result.formula.text, test);
    const want = Float64Array.from({ length: 50 }, (_, a) => f(test.data[2 * a], test.data[2 * a + 1]));
    expect(relErr(got, want)).toBeLessThan(1e-4);
  });
});

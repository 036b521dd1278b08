// The interpretable-KAN commands as a user runs them (the built CLI):
// discover from samples to a formula; train --lamb → prune → symbolic →
// formula → plot, each step's file feeding the next; bad input.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSeededRandom } from '../../src/math/random.js';
import { evaluateFormulas } from '../../src/interpret/formula.js';
import { relErr } from '../helpers/nd.js';

const CLI = resolve('dist/node/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'kanntk-interpret-'));
const path = (name: string) => join(dir, name);
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const f = (a: number, b: number) => Math.exp(Math.sin(Math.PI * a) + b * b);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  const rng = createSeededRandom(1);
  const N = 1000, x: number[] = [], y: number[] = [];
  for (let a = 0; a < N; a++) {
    const [u, v] = [rng.uniform(-1, 1), rng.uniform(-1, 1)];
    x.push(u, v);
    y.push(f(u, v));
  }
  writeFileSync(path('x.json'), JSON.stringify({ shape: [N, 2], data: x }));
  writeFileSync(path('y.json'), JSON.stringify({ shape: [N, 1], data: y }));
});

describe('interpretable KANs on the command line', () => {
  it('discover: exp(sin(πx1) + x2²) from 1,000 samples, as a formula that evaluates to it', async () => {
    const r = run('discover', '--input', path('x.json'), '--target', path('y.json'), '--out', path('found.json'), '--report', path('found.html'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^y1 = .*exp\(.*sin\(.*x1.*x2.*\^ ?2|^y1 = .*exp\(.*x2.*\^ ?2.*sin\(.*x1/);
    const res = JSON.parse(readFileSync(path('found.json'), 'utf8'));
    expect(res.widths).toEqual({ trained: [2, 5, 1], pruned: [2, 1, 1] });
    expect(res.edges.map((e: { fn: string }) => e.fn).sort()).toEqual(['exp', 'sin', 'x^2']);
    expect(res.mse.final).toBeLessThan(1e-8);
    expect(res.model.format).toBe('kan-model/2');
    const rng = createSeededRandom(5);
    const test = { shape: [40, 2], data: Float64Array.from({ length: 80 }, () => rng.uniform(-1, 1)) };
    const got = await evaluateFormulas(res.formula, test);
    expect(relErr(got, Float64Array.from({ length: 40 }, (_, a) => f(test.data[2 * a], test.data[2 * a + 1])))).toBeLessThan(1e-4);
    expect(res.latex[0]).toMatch(/x_\{1\}/);
    // the report: the formula, the edge table, the network before and after
    const html = readFileSync(path('found.html'), 'utf8');
    expect(html).toContain('a formula from samples');
    expect(html.match(/<svg xmlns/g)).toHaveLength(2);
    expect(html).toContain('>sin</text>');
  });

  it('train --lamb → prune → symbolic → formula → plot', async () => {
    const x = path('x.json');
    expect(run('train', '--layers', '2,5,1', '--input', x, '--target', path('y.json'), '--optimizer', 'lbfgs', '--steps', '200', '--lamb', '0.01', '--out', path('trained.json')).status).toBe(0);
    const p = run('prune', '--model', path('trained.json'), '--input', x, '--out', path('pruned.json'));
    expect(p.status).toBe(0);
    expect(p.stderr).toMatch(/prune: widths \[2,5,1\] → \[2,1,1\] \(remove\)/);
    const s = run('symbolic', '--model', path('pruned.json'), '--input', x, '--lib', 'x,x^2,exp,sin,tanh', '--out', path('symbolic.json'));
    expect(s.status).toBe(0);
    expect(s.stderr).toMatch(/symbolic: 3 edges closed-form/);
    expect(s.stderr).toMatch(/sin\s+R² 0\.99/);
    const one = run('symbolic', '--model', path('pruned.json'), '--input', x, '--edge', '0,0,1', '--fn', 'x^2', '--out', path('one.json'));
    expect(one.status).toBe(0);
    expect(JSON.parse(readFileSync(path('one.json'), 'utf8')).layers[0].symbolic).toEqual([{ out: 0, in: 1, fn: 'x^2' }]);
    const fm = run('formula', '--model', path('symbolic.json'), '--digits', '17');
    expect(fm.status).toBe(0);
    const formula = JSON.parse(fm.stdout);
    // the formula computes what the model computes
    const fw = run('forward', '--model', path('symbolic.json'), '--input', x);
    const want = JSON.parse(fw.stdout).output.data;
    const xs = JSON.parse(readFileSync(x, 'utf8'));
    expect(relErr(await evaluateFormulas(formula.formula, xs), want)).toBeLessThan(1e-9);
    for (const [model, name] of [['trained.json', 'trained.svg'], ['symbolic.json', 'symbolic.svg']]) {
      const pl = run('plot', '--model', path(model), '--input', x, '--out', path(name));
      expect(pl.status).toBe(0);
    }
    const trained = readFileSync(path('trained.svg'), 'utf8'), symbolic = readFileSync(path('symbolic.svg'), 'utf8');
    expect(trained.startsWith('<svg')).toBe(true);
    // one curve per edge: 2·5 + 5·1 before pruning, 3 after, labelled with their functions
    expect(trained.match(/<path /g)).toHaveLength(15);
    expect(symbolic.match(/<path /g)).toHaveLength(3);
    for (const fn of ['sin', 'exp']) expect(symbolic).toContain(`>${fn}</text>`);
  });

  it('train --grid-update-every moves the grids to the data while training', () => {
    const r = run('train', '--layers', '2,3,1', '--input', path('x.json'), '--target', path('y.json'), '--steps', '6', '--grid-update-every', '3', '--out', path('grid.json'));
    expect(r.status).toBe(0);
    const layer = JSON.parse(readFileSync(path('grid.json'), 'utf8')).layers[0];
    const first = layer.grid.data[layer.k];
    // a uniform grid starts at -1; the data's smallest x1 is above it
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(-0.99);
  });

  it('bad input gets one line naming the problem', () => {
    const cases: [string[], RegExp][] = [
      [['formula', '--model', path('trained.json')], /formula: edge \(layer 0, out 0, in 0\) is not closed-form yet/],
      [['symbolic', '--model', path('pruned.json'), '--input', path('x.json'), '--lib', 'x,erf'], /--lib: unknown function 'erf'/],
      [['symbolic', '--model', path('pruned.json'), '--input', path('x.json'), '--edge', '0,1'], /--edge: expected LAYER,OUT,IN/],
      [['symbolic', '--model', path('pruned.json'), '--input', path('x.json'), '--fn', 'sin'], /--fn does not apply without --edge/],
      [['symbolic', '--model', path('pruned.json'), '--input', path('x.json'), '--edge', '0,0,5', '--fn', 'sin'], /layer 0 has edges out 0…0, in 0…1; got out 0, in 5/],
      [['plot', '--model', path('pruned.json')], /plot: --out is required/],
      [['train', '--layers', '2,3,1', '--input', path('x.json'), '--target', path('y.json'), '--lamb-l1', '2'], /--lamb-l1 does not apply without --lamb/],
      [['train', '--layers', '2,3,1', '--layer', 'dense', '--input', path('x.json'), '--target', path('y.json'), '--lamb', '0.1'], /the sparsity regulariser needs KAN layers, layer 0 is 'dense'/],
      [['discover', '--input', path('x.json'), '--target', path('x.json'), '--hidden', '0'], /--hidden: '0' is not a width/],
      [['discover', '--input', path('x.json'), '--target', path('y.json'), '--hidden', '64,64', '--G', '100'], /discover: 1000 points through this model need about .* more than the wasm backend holds/],
      [['train', '--layers', '2,3,1', '--input', path('x.json'), '--target', path('y.json'), '--grid-update-until', '5'], /--grid-update-until does not apply without --grid-update-every/],
      [['train', '--layers', '2,3,1', '--layer', 'chebyshev', '--input', path('x.json'), '--target', path('y.json'), '--grid-update-every', '5'], /the model has no spline layers/],
    ];
    for (const [args, want] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(want);
    }
  });
});

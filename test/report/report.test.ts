// The HTML reports: one per result kind, self-contained (no scripts, nothing
// fetched), with the charts and tables the issue asks for, and clear errors for
// files that are not kanntk results.
import { describe, it, expect } from 'vitest';
import { buildReport, resultKind } from '../../src/report/build-report.js';

const spectrum = (n: number, scale: number, floor = false) => ({
  eigenvalues: Array.from({ length: n }, (_, i) => (i < n - 2 ? scale * 10 ** (-i / 2) : null)),
  cond: floor ? 1e9 : 1e5, cond_floor_active: floor, effective_rank: 3.2, effective_dim: 4.1, lambda_max: scale, lambda_min: null,
  trace: scale * 1.2, noise_floor: 1e-14, n_unresolved: 2, jitter: 0,
});

const studyResult = () => ({
  protocol: { nPoints: 100, nNtk: 8, epochs: 4, checkpoints: [0, 2, 4], lr: 1e-3, seed: 43, functions: ['f1', 'f2'], models: ['small'], inits: ['baseline', 'glorot'] },
  backend: { name: 'wasm', precision: 'f64', device: 'WebAssembly (f64, SIMD)' },
  timing: { total_s: 2.5, compute_s: 2.1 },
  runs: ['f1', 'f2'].flatMap((fn) => ['baseline', 'glorot'].map((init) => ({
    function: fn, model: 'small', init, n_params: 897,
    checkpoints: [0, 2, 4].map((step) => ({ step, cond: 1e9, effective_rank: 2, effective_dim: 3, spectrum: spectrum(8, 10, init === 'baseline') })),
    loss: [1, 0.5, 0.25, 0.2, 0.1], final_loss: 0.1, test_loss: 0.12, rel_l2: 0.3, seconds: 0.4,
  }))),
});

const field = (side: number, f: (a: number, b: number) => number) => ({
  side, inputs: ['x', 'y'], domain: { x: [-1, 1], y: [-1, 1] },
  values: Array.from({ length: side * side }, (_, k) => f(-1 + (2 * Math.floor(k / side)) / (side - 1), -1 + (2 * (k % side)) / (side - 1))),
});

const pdeStudyResult = () => ({
  protocol: { pde: 'helmholtz', gridSide: 8, nNtkInterior: 8, nNtkBoundary: 4, steps: 4, checkpoints: [0, 4], lr: 1e-3, seed: 43, models: ['small'], inits: ['glorot'], evalSide: 9 },
  backend: 'WebAssembly (f64, SIMD)',
  reference: field(9, (x, y) => Math.sin(Math.PI * x) * Math.sin(4 * Math.PI * y)),
  runs: [{
    model: 'small', init: 'glorot',
    checkpoints: [0, 4].map((step) => ({ step, K_EE: { ...spectrum(8, 100), eigenvalues: spectrum(8, 100).eigenvalues }, K_BB: spectrum(4, 1, true) })),
    prediction: field(9, (x, y) => 0.5 * x * y), loss: [3, 2, 1.5, 1.2, 1], final_loss: 1, rel_l2: 0.9, seconds: 1,
  }],
});

/** Every external reference a page could fetch: scripts, src/href attributes, CSS url(…) and @import. */
function fetches(html: string): string[] {
  return [
    ...html.matchAll(/<script/gi),
    ...html.matchAll(/\s(?:src|href)\s*=\s*["']?(?!#)[^"'\s>]+/gi),
    ...html.matchAll(/url\(\s*["']?(?!#|data:)[^)]*\)/gi),
    ...html.matchAll(/@import/gi),
  ].map((m) => m[0]);
}

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe('buildReport', () => {
  it('study: a summary table with floored cond marked, and per function spectra, cond, effective rank and loss charts', () => {
    const html = buildReport(studyResult());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(fetches(html)).toEqual([]);
    expect(html).toContain('f1: x0*x1');
    // 2 functions × (2 spectrum charts + cond + effective rank + loss)
    expect(count(html, /<figure class="chart">/g)).toBe(10);
    expect(count(html, /<svg/g)).toBeGreaterThanOrEqual(10);
    expect(html).toContain('⌊floor⌋');
    expect(html).toContain('research convention');
    expect(html).toContain('WebAssembly (f64, SIMD)');
    // log axes for spectra and cond
    expect(html).toContain('eigenvalue λ_i');
    expect(html).toContain('cond(K)');
    expect(html).toContain('training loss (MSE)');
  });

  it('study --pde: K_EE and K_BB spectra, cond over training, loss, and reference / prediction / error heatmaps', () => {
    const html = buildReport(pdeStudyResult());
    expect(fetches(html)).toEqual([]);
    expect(html).toContain('physics-informed KAN, helmholtz');
    // spectra (2 per run) + 3 training charts + 3 heatmaps per run
    expect(count(html, /<figure class="chart">/g)).toBe(2 + 3 + 3);
    expect(html).toContain('u − u_ref');
    // 9×9 cells per heatmap
    expect(count(html, /<rect/g)).toBeGreaterThanOrEqual(3 * 81);
  });

  it('ntk, pde-ntk, hessian and landscape results get their own pages', () => {
    const ntk = buildReport({ ...spectrum(16, 5), method: 'structured', backend: { name: 'wasm' } });
    expect(resultKind({ ...spectrum(16, 5) })).toBe('ntk');
    expect(ntk).toContain('empirical NTK spectrum');
    expect(count(ntk, /<figure class="chart">/g)).toBe(1);

    const pdeNtk = buildReport({ pde: 'burgers', interior: spectrum(8, 3), boundary: spectrum(4, 1) });
    expect(pdeNtk).toContain('K_EE');
    expect(pdeNtk).toContain('K_BB');

    const hessian = buildReport({
      loss: 0.3, n_params: 40, top: [5, 2, 1], bottom: [-0.1, 0], trace: 9, trace_stderr: 0.5, hvp_count: 120,
      density: { grid: [-1, 0, 1, 2, 3], density: [0, 0.1, 1, 0.2, 0.01], sigma: 0.1, vectors: 4, steps: 16 },
    });
    expect(resultKind({ hvp_count: 1, n_params: 2 })).toBe('hessian');
    expect(hessian).toContain('Spectral density');
    expect(count(hessian, /<figure class="chart">/g)).toBe(2);

    const landscape = buildReport({ alphas: [-0.5, 0, 0.5, 1, 1.5], datasets: [{ input: 'a/x.json', target: 'a/y.json', loss: [2, 1, 0.4, 0.1, 0.3] }], loss_function: 'mse' });
    expect(landscape).toContain('x.json');
    expect(landscape).toContain('θ0');
    for (const html of [ntk, pdeNtk, hessian, landscape]) expect(fetches(html)).toEqual([]);
  });

  it('hybrid: the comparison table, accuracy and loss with the switch marked, the monitor against its threshold', () => {
    const phase = (n: number, start: number) => ({
      train_loss: Array.from({ length: n }, (_, i) => start * 0.8 ** i), train_acc: Array.from({ length: n }, (_, i) => 0.9 + i / 1000),
      val_loss: Array.from({ length: n }, (_, i) => start * 0.85 ** i), val_acc: Array.from({ length: n }, (_, i) => 0.88 + i / 1000),
    });
    const result = {
      classes: ['0', '1', '2'], switch_rule: 'ntk-norm:2:40', switched: true, epoch_at_switch: 5, sgd_epoch_limit: 100,
      initial: { train_loss: 2.3, train_acc: 0.1, val_loss: 2.3, val_acc: 0.1 },
      sgd: { ...phase(5, 1), monitor: [null, null, 90, 60, 30], ntk_distance: [100, 200, 290, 350, 380] },
      ntk: { ...phase(4, 0.3), variant: 'network' }, sgd_alone: phase(4, 0.3),
      settings: {}, data: { source: 'digits', n_train: 1437, n_val: 360 }, timing: { total_s: 1, compute_s: 0.9, sgd_epoch_s: 0.01, ntk_epoch_s: 0.012, monitor_epoch_s: 0.01, sgd_s: 0.05, ntk_s: 0.05, monitor_s: 0.05, sgd_alone_s: 0.04 },
      model: { format: 'kan-model/1', layers: [] },
    };
    expect(resultKind(result)).toBe('hybrid');
    const html = buildReport(result);
    expect(html).toContain('SGD 5 → NTK-1 4');
    expect(html).toContain('SGD alone');
    expect(count(html, /<figure class="chart">/g)).toBe(4);
    expect(count(html, /switch \(epoch 5\)/g)).toBe(4);
    expect(html).toContain('threshold T = 40.0');
    expect(fetches(html)).toEqual([]);
    const broken = { ...result, sgd: { ...result.sgd, val_acc: 'high' } };
    expect(() => buildReport(broken, "'h.json'")).toThrow(/'h.json': sgd.val_acc must be an array/);
  });

  it('discover: the formula with its LaTeX, the edge table, and the two network drawings', () => {
    const curve = (k: number) => ({ out: 0, in: k, x: [0, 0.5, 1], y: [0, 0.2, 1], importance: 1 - k / 2, symbolic: k ? null : 'sin' });
    const result = {
      formula: ['exp(sin(3.14159 * x1) + x2 ^ 2)'], latex: ['e^{\\sin(x_{1})}'], mse: { trained: 1e-3, final: 1e-12 },
      edges: [{ layer: 0, out: 0, in: 0, fn: 'sin', r2: 0.9999, a: 3.14, b: 0, c: 1, d: 0 }],
      widths: { trained: [2, 5, 1], pruned: [2, 1, 1] },
      diagrams: { trained: [{ nIn: 2, nOut: 1, edges: [curve(0), curve(1)] }], final: [{ nIn: 2, nOut: 1, edges: [curve(0)] }] },
    };
    expect(resultKind(result)).toBe('discover');
    const html = buildReport(result);
    expect(html).toContain('exp(sin(3.14159 * x1) + x2 ^ 2)');
    expect(html).toContain('e^{\\sin(x_{1})}');
    expect(count(html, /<svg xmlns/g)).toBe(2);
    expect(fetches(html)).toEqual([]);
    expect(() => buildReport({ ...result, latex: undefined }, "'d.json'")).toThrow(/a discover result needs 'latex' and 'widths'/);
  });

  it('escapes text from the result file', () => {
    const r = studyResult();
    r.runs[0].init = '<img src=x onerror=alert(1)>';
    const html = buildReport(r);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });

  it('names what is wrong with a file that is not a kanntk result', () => {
    expect(() => buildReport({ hello: 1 }, "'x.json'")).toThrow(/'x.json' is not a kanntk result/);
    expect(() => buildReport([1, 2], "'x.json'")).toThrow(/not a kanntk result/);
    const broken = studyResult() as any;
    delete broken.runs[1].loss;
    expect(() => buildReport(broken, "'s.json'")).toThrow(/'s.json': runs\[1\] has no 'loss'/);
  });
});

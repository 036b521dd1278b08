// The built `kanntk` command (dist/node/cli.js, made by `npm test`'s build step).
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const CLI = resolve('dist/node/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'kanntk-cli-'));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const json = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));

const fx = loadFixture('kan_forward_spline_small.json');
let model: string, x: string, y: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  model = file('model.json', fx.model);
  x = file('x.json', fx.x);
  y = file('y.json', fx.y);
});

describe('kanntk CLI', () => {
  it('--version prints the package version and --help the usage, both exiting 0; no command exits 2', () => {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8'));
    const v = run('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`kanntk ${pkg.version}`);
    const h = run('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: kanntk <command>/);
    expect(run().status).toBe(2);
  });

  it('help: per command with its options, defaults and an example, from `help CMD` and `CMD --help`', () => {
    for (const cmd of ['doctor', 'forward', 'grad', 'train', 'ntk', 'study', 'residual', 'pde-ntk', 'hessian', 'landscape', 'hybrid', 'discover', 'prune', 'symbolic', 'formula', 'plot', 'report', 'demo']) {
      const a = run('help', cmd), b = run(cmd, '--help');
      expect(a.status, cmd).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      expect(a.stdout).toMatch(new RegExp(`^usage: kanntk ${cmd}`));
      expect(a.stdout, cmd).toMatch(/example/);
    }
    expect(run('help', 'train').stdout).toMatch(/--steps N\s+updates \(default 1000\)/);
    expect(run('help', 'forward').stdout).toMatch(/\{"shape": \[N, d\], "data": \[\.\.\.\]\}/);
    expect(run('help', 'frob').stderr).toMatch(/help: unknown command 'frob'/);
  });

  it('values are parsed strictly and flags that do not apply are named', () => {
    const cases: [string[], RegExp][] = [
      [['ntk', '--model', model, '--input', x, '--gamma', 'Infinity'], /--gamma must be a decimal number, got 'Infinity'/],
      [['train', '--model', model, '--input', x, '--target', y, '--steps', ''], /--steps must be a decimal number, got ''/],
      [['train', '--model', model, '--input', x, '--target', y, '--steps', '0x10'], /--steps must be a decimal number, got '0x10'/],
      [['train', '--model', model, '--input', x, '--target', y, '--momentum', '0.5'], /--momentum does not apply to --optimizer adam \(only to sgd\)/],
      [['train', '--model', model, '--input', x, '--target', y, '--optimizer', 'sgd', '--momentum', '5'], /--momentum must be a number ≥ 0 and < 1, got '5'/],
      [['train', '--model', model, '--layers', '2,4,1', '--input', x, '--target', y], /--layers does not apply with --model/],
      [['train', '--layers', '2,4,1', '--G', '1e9', '--input', x, '--target', y], /--G must be a whole number ≥ 1 and ≤ 10000, got '1e9'/],
      [['train', '--layers', '2,4096,4096,1', '--G', '1000', '--input', x, '--target', y], /would have about .* parameters; the limit is 1e\+7/],
      [['landscape', '--from', model, '--to', model, '--input', x, '--target', y, '--range', '2:1:5'], /--range: lo must be below hi/],
      [['landscape', '--from', model, '--to', model, '--input', x, '--target', y, '--range', '0:1:1e9'], /the number of points must be a whole number from 2 to 100000/],
      [['forward', '--model', model, '--input', file('inf.json', '{"shape":[1,2],"data":[0.5,1e999]}')], /value Infinity at flat index 1 is not a finite number/],
      [['forward', '--model', file('noformat.json', { ...fx.model, format: undefined }), '--input', x], /the "format" key is missing/],
      [['forward', '--model', model, '--input', file('empty.json', { shape: [0, 2], data: [] })], /has no rows \(shape \[0,2\]\)/],
      [['forward', '--model', model, '--input', file('rows.csv', 'x0,x1\n0.1,0.2\n')], /looks like CSV/],
      [['ntk', '--model', model, '--input', x, '--top', '0'], /--top must be a whole number ≥ 1 and ≤ 64, got '0'/],
      [['study', '--full', 'yes'], /--full is a switch and takes no value, got 'yes'/],
      [['study', '--grid', '32'], /--grid does not apply without --pde/],
      [['study', '--pde', 'helmholtz', '--grid', '512', '--models', 'big', '--backend', 'wasm', '--out', join(dir, 'never')], /study --pde: 262144 points through this model need about .* GiB \(an estimate\)/],
      [['study', '--pde', 'burgers', '--points', '100'], /--points does not apply to --pde/],
      [['hessian', '--model', model, '--input', x, '--target', y, '--trace-samples', '10'], /--trace-samples does not apply without --trace/],
      [['train', '--layers', '2,64,64,1', '--G', '2000', '--input', file('x2000.json', { shape: [2000, 2], data: new Array(4000).fill(0.5) }), '--target', file('y2000.json', { shape: [2000, 1], data: new Array(2000).fill(0) }), '--backend', 'wasm'],
        /train: 2000 points through this model need about .* GiB \(an estimate\), more than the wasm backend holds \(.*\): use fewer points/],
    ];
    for (const [args, reason] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(reason);
    }
  });

  it('stderr stays clean: no GPU-driver warnings from Dawn when auto looks for a GPU', () => {
    const r = run('forward', '--model', model, '--input', x);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).backend.reason).toMatch(/^auto: /);
  });

  it('forward: outputs, backend and timing', () => {
    const out = json('forward', '--model', model, '--input', x, '--backend', 'wasm');
    expect(relErr(out.output.data, fx.outputs.data)).toBeLessThan(1e-12);
    expect(out.backend.name).toBe('wasm');
    expect(out.timing.compute_s).toBeGreaterThan(0);
    expect(out.timing.total_s).toBeGreaterThanOrEqual(out.timing.compute_s);
  });

  it('grad: loss and flat gradient in param_order', () => {
    const out = json('grad', '--model', model, '--input', x, '--target', y, '--backend', 'wasm');
    expect(Math.abs(out.loss - fx.loss) / fx.loss).toBeLessThan(1e-12);
    expect(relErr(out.grad.data, fx.grad.data)).toBeLessThan(1e-10);
  });

  it('forward on webgpu (SwiftShader here) reports the adapter', () => {
    const out = json('forward', '--model', model, '--input', x, '--backend', 'webgpu');
    expect(out.backend.name).toBe('webgpu');
    expect(out.backend.adapter.vendor).toBeTruthy();
    expect(relErr(out.output.data, fx.outputs.data)).toBeLessThan(1e-4);
  });

  it('train: writes a loadable model and the loss history; a new model from --layers', () => {
    const out = join(dir, 'trained.json'), hist = join(dir, 'history.json');
    const r = run('train', '--model', model, '--input', x, '--target', y, '--steps', '50', '--lr', '0.01', '--backend', 'wasm', '--out', out, '--history', hist);
    expect(r.status, r.stderr).toBe(0);
    const history = JSON.parse(readFileSync(hist, 'utf8'));
    expect(history.loss.length).toBe(51);
    expect(history.loss[50]).toBeLessThan(history.loss[0]);
    const again = json('forward', '--model', out, '--input', x, '--backend', 'wasm');
    expect(again.output.shape).toEqual([64, 1]);
    const fresh = run('train', '--layers', '2,4,1', '--init', 'glorot', '--input', x, '--target', y, '--steps', '5', '--backend', 'wasm', '--out', join(dir, 'fresh.json'));
    expect(fresh.status, fresh.stderr).toBe(0);
  });

  it('ntk: spectrum of the fixture model with metrics, the top eigenvalues with their eigenvectors, and the matrix', () => {
    const nfx = loadFixture('ntk_spline_small.json');
    const c = nfx.cases[1];
    const m = file('ntk-model.json', c.model), xs = file('ntk-x.json', nfx.x);
    const out = json('ntk', '--model', m, '--input', xs, '--backend', 'wasm', '--top', '2', '--eigenvectors', '--matrix');
    expect(Math.abs(out.cond - c.condition_number) / c.condition_number).toBeLessThan(1e-6);
    expect(Math.abs(out.effective_rank - c.effective_rank) / c.effective_rank).toBeLessThan(1e-10);
    // --top cuts the list; the metrics still come from all 64 eigenvalues
    expect(out.eigenvalues.length).toBe(2);
    expect(out.n_eigenvalues).toBe(64);
    expect(Math.abs(out.eigenvalues[0] - c.lambda_max) / c.lambda_max).toBeLessThan(1e-10);
    expect(out.noise_floor).toBeGreaterThan(0);
    expect(out.eigenvectors.shape).toEqual([2, 64]);
    const all = json('ntk', '--model', m, '--input', xs, '--backend', 'wasm');
    expect(all.eigenvalues.length).toBe(64);
    expect(all.eigenvectors).toBeUndefined();
    // matrix-free: the same top eigenvalues by Lanczos on J(Jᵀv), neither K nor J formed
    const free = json('ntk', '--model', m, '--input', xs, '--backend', 'wasm', '--matrix-free', '--top', '3', '--eigenvectors');
    expect(free.method).toBe('matrix-free');
    expect(free.converged).toBe(true);
    free.eigenvalues.forEach((l: number, i: number) => expect(Math.abs(l - all.eigenvalues[i]) / all.eigenvalues[i]).toBeLessThan(1e-9));
    expect(free.eigenvectors.shape).toEqual([3, 64]);
    expect(run('ntk', '--model', m, '--input', xs, '--matrix-free', '--gamma', '0.1').stderr).toMatch(/--gamma does not apply with --matrix-free/);
    expect(relErr(out.matrix.data, c.K.data)).toBeLessThan(1e-10);
    const gpu = json('ntk', '--model', m, '--input', xs, '--backend', 'webgpu');
    // f32: eigenvalues under the noise floor come out as null, not as numbers
    expect(gpu.n_unresolved).toBeGreaterThan(0);
    expect(gpu.eigenvalues.filter((v: number | null) => v === null).length).toBe(gpu.n_unresolved);
    expect(Math.abs(gpu.lambda_max - c.lambda_max) / c.lambda_max).toBeLessThan(1e-4);
  });

  it('study: a small run prints the table and writes study.json and report.html, saying where', () => {
    const outDir = join(dir, 'study');
    const r = run('study', '--functions', 'f1', '--models', 'small', '--inits', 'glorot,power', '--epochs', '10', '--points', '100', '--ntk-points', '16', '--backend', 'wasm', '--out', outDir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/f1\s+small\s+glorot/);
    expect(r.stdout).toContain(`wrote ${join(outDir, 'report.html')}`);
    const report = JSON.parse(readFileSync(join(outDir, 'study.json'), 'utf8'));
    expect(report.runs.length).toBe(2);
    expect(report.runs[0].checkpoints.length).toBeGreaterThan(1);
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('f1: x0*x1');
    expect((html.match(/<figure class="chart">/g) ?? []).length).toBe(5);
    expect(run('study', '--functions', 'f9').stderr).toMatch(/--functions: unknown 'f9'/);
  });

  it('study --pde writes the PINN report with the solution heatmaps', () => {
    const outDir = join(dir, 'study-pde');
    const r = run('study', '--pde', 'helmholtz', '--epochs', '4', '--grid', '8', '--inits', 'glorot', '--rba-rule', 'research', '--backend', 'wasm', '--out', outDir);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(outDir, 'study-helmholtz.json'), 'utf8'));
    expect(result.protocol.rbaRule).toBe('research');
    expect(result.reference.side).toBe(result.runs[0].prediction.side);
    expect(result.reference.values.length).toBe(result.reference.side ** 2);
    const html = readFileSync(join(outDir, 'report-helmholtz.html'), 'utf8');
    expect(html).toContain('u − u_ref');
  });

  it('report: rebuilds the page of a result file, beside it by default or at --out', () => {
    const result = file('spectrum.json', json('ntk', '--model', model, '--input', x, '--backend', 'wasm'));
    const r = run('report', result);
    expect(r.status, r.stderr).toBe(0);
    const page = join(dir, 'spectrum.html');
    expect(r.stdout.trim()).toBe(`wrote ${page}`);
    expect(readFileSync(page, 'utf8')).toContain('empirical NTK spectrum');
    const custom = join(dir, 'custom.html');
    expect(run('report', result, '--out', custom).status).toBe(0);
    expect(existsSync(custom)).toBe(true);
  });

  it('report: bad input is named, and nothing is written', () => {
    const keep = file('keep.html', 'precious');
    const cases: [string[], RegExp][] = [
      [['report'], /which result\?/],
      [['report', join(dir, 'nope.json'), '--out', keep], /result file '.*nope\.json' not found/],
      [['report', file('other.json', { hello: 1 }), '--out', keep], /other\.json' is not a kanntk result/],
      [['report', file('broken.json', '{"runs": ['), '--out', keep], /is not valid JSON/],
      [['report', dir, '--out', keep], /is a folder; give the result file/],
      [['report', x, x], /unexpected argument/],
      [['report', x, '--out', x], /would overwrite the result it reads/],
      [['report', x, '--out', join(dir, 'no-such-dir', 'r.html')], /the folder '.*no-such-dir' of '.*r\.html' does not exist/],
    ];
    for (const [args, reason] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim()).toMatch(reason);
      expect(r.stderr.trim().split('\n').length).toBe(1);
    }
    expect(readFileSync(keep, 'utf8')).toBe('precious');
  });

  it('demo --export copies the static page; bad demo and preset options are named', () => {
    const site = join(dir, 'site');
    const r = run('demo', '--export', site);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['index.html', 'demo.js', 'demo-worker.js']) expect(existsSync(join(site, f)), f).toBe(true);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('./demo.js');
    // the chunks the page and its Worker import, every one of them, and no source maps
    const imports = [...readFileSync(join(site, 'demo-worker.js'), 'utf8').matchAll(/["']\.\/(chunks\/[^"']+\.js)["']/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const f of imports) expect(existsSync(join(site, f)), f).toBe(true);
    expect(readdirSync(join(site, 'chunks')).some((f) => f.endsWith('.map'))).toBe(false);
    expect(run('demo', '--port', 'http').stderr).toMatch(/--port must be a decimal number, got 'http'/);
    expect(run('demo', '--port', '70000').stderr).toMatch(/--port must be a whole number ≥ 0 and ≤ 65535, got '70000'/);
    expect(run('demo', '--port', '80', '--export', site).stderr).toMatch(/give one/);
    expect(run('demo', '--export', file('not-a-dir', 'x')).stderr).toMatch(/demo --export: '.*not-a-dir' is a file, not a folder/);
    expect(run('study', '--preset', 'huge').stderr).toMatch(/--preset: unknown 'huge' \(known: demo, reduced, full\)/);
    expect(run('study', '--preset', 'demo', '--full').stderr).toMatch(/give one/);
  });

  it('output paths are checked before any work: a missing folder or a folder in place of a file', () => {
    const t0 = Date.now();
    const missing = run('study', '--functions', 'f1', '--models', 'small', '--backend', 'wasm', '--out', file('a-file', 'x'));
    expect(missing.stderr).toMatch(/study --out: '.*a-file' is a file, not a folder/);
    const train = run('train', '--model', model, '--input', x, '--target', y, '--steps', '5', '--backend', 'wasm', '--out', join(dir, 'none', 'm.json'));
    expect(train.stderr).toMatch(/train --out: the folder '.*none' of '.*m\.json' does not exist/);
    const history = run('train', '--model', model, '--input', x, '--target', y, '--steps', '5', '--backend', 'wasm', '--out', join(dir, 'm.json'), '--history', dir);
    expect(history.stderr).toMatch(/train --history: '.*' is a folder, not a file/);
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
    // refused before the work: far quicker than the study it would have run
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('residual, pde-ntk and train --pde on the PINN fixture', () => {
    const pfx = loadFixture('pinn_burgers.json');
    const m = file('pinn-model.json', pfx.model);
    const xi = file('xi.json', pfx.x_interior), xb = file('xb.json', pfx.x_boundary), gb = file('gb.json', pfx.g_boundary);
    const wE = file('we.json', pfx.w_E), wB = file('wb.json', pfx.w_B);
    const r = json('residual', '--model', m, '--pde', 'burgers', '--input', xi, '--backend', 'wasm');
    expect(relErr(r.residual.data, pfx.residual_interior.data)).toBeLessThan(1e-9);
    expect(relErr(r.derivatives.u_xx.data, pfx.interior.u_xx.data)).toBeLessThan(1e-9);
    expect(Object.keys(r.derivatives).sort()).toEqual(['u_t', 'u_x', 'u_xx']);
    const k = json('pde-ntk', '--model', m, '--pde', 'burgers', '--interior', xi, '--boundary', xb, '--boundary-values', gb,
      '--weights-interior', wE, '--weights-boundary', wB, '--backend', 'wasm');
    expect(Math.abs(k.interior.effective_rank - pfx.K_EE_spectrum.effective_rank) / pfx.K_EE_spectrum.effective_rank).toBeLessThan(1e-9);
    expect(Math.abs(k.boundary.lambda_max - pfx.K_BB_spectrum.lambda_max) / pfx.K_BB_spectrum.lambda_max).toBeLessThan(1e-9);
    const t = run('train', '--model', m, '--pde', 'burgers', '--grid', '8', '--steps', '5', '--backend', 'wasm', '--out', join(dir, 'pinn.json'), '--history', join(dir, 'pinn-h.json'));
    expect(t.status, t.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'pinn-h.json'), 'utf8')).loss.length).toBe(6);
    expect(run('residual', '--model', m, '--pde', 'kdv', '--input', xi).stderr).toMatch(/unknown PDE 'kdv'/);
    expect(run('residual', '--model', m, '--pde', 'burgers', '--pde-param', 'D=1', '--input', xi).stderr).toMatch(/burgers has no parameter 'D'/);
  });

  it('doctor --json: wasm works; webgpu works through SwiftShader; auto takes wasm on an emulator', () => {
    const report = json('doctor', '--json');
    expect(report.wasm.ok).toBe(true);
    expect(report.webgpu.ok).toBe(true);
    expect(report.webgpu.adapter.architecture).toBe('swiftshader');
    expect(report.auto.backend).toBe('wasm');
  });

  it('bad input: non-zero exit with a one-line reason, and no output file clobbered', () => {
    const out = file('keep.json', 'precious');
    const cases: [string[], RegExp][] = [
      [['forward', '--model', join(dir, 'missing.json'), '--input', x], /model file '.*missing\.json' not found/],
      [['forward', '--model', file('v2.json', { ...fx.model, format: 'kan-model/3' }), '--input', x], /format "kan-model\/3" is not supported/],
      [['forward', '--model', file('bad-type.json', { ...fx.model, layers: [{ ...fx.model.layers[0], type: 'wavelet' }] }), '--input', x], /unknown layer type 'wavelet'/],
      [['forward', '--model', model, '--input', file('nan.json', '{"shape":[1,2],"data":[0.5,null]}')], /value null at flat index 1/],
      [['forward', '--model', model, '--input', y], /input must be \[N, 2\]/],
      [['grad', '--model', model, '--input', x, '--target', file('short.json', { shape: [3, 1], data: [1, 2, 3] })], /prediction \[64,1\] and target \[3,1\]/],
      [['forward', '--model', model, '--input', x, '--backend', 'cuda'], /unknown backend 'cuda'/],
      [['train', '--model', model, '--input', x, '--target', y, '--steps', 'many'], /--steps must be a decimal number, got 'many'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['forward', '--model', model, '--input', x, '--colour', 'red'], /unknown option --colour/],
    ];
    for (const [args, reason] of cases) {
      const r = run(...args, '--out', out);
      expect(r.status, args.join(' ')).toBe(1);
      const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('kanntk:'));
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(reason);
      expect(readFileSync(out, 'utf8')).toBe('precious');
    }
  });
});

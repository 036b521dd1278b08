// The built `kanntk hessian` and `kanntk landscape` commands (dist/node/cli.js, built by `npm test`).
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KanModel } from '../../src/kan/model.js';
import { trapezoid } from '../../src/hessian/density.js';
import { kanTiny, mlp } from './hessian-fixtures.js';

const CLI = resolve('dist/node/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'kanntk-hessian-cli-'));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const json = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));

let model: string, x: string, y: string, mlpModel: string, mlpX: string, labels: string, farModel: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  model = file('model.json', kanTiny.model);
  x = file('x.json', kanTiny.x);
  y = file('y.json', kanTiny.y);
  mlpModel = file('mlp.json', mlp.model);
  mlpX = file('mlp-x.json', mlp.x);
  labels = file('labels.json', mlp.labels);
  const m0 = KanModel.fromJSON(kanTiny.model);
  farModel = file('far.json', m0.withFlatParams(m0.flatParams().map((t) => 1.5 * t + 0.01)).serialize());
});

describe('kanntk hessian', () => {
  it('KAN + MSE on wasm: top, bottom, trace ± stderr, density, backend and timing', () => {
    const out = json('hessian', '--model', model, '--input', x, '--target', y, '--top', '3', '--bottom', '2', '--trace', '--density', '--backend', 'wasm');
    const lmax = kanTiny.lambda_max;
    const ref = kanTiny.eigenvalues.data as number[];
    // README §12: eigenvalues to 1e-10·λmax
    (out.top as number[]).forEach((v, i) => expect(Math.abs(v - ref[i]) / lmax).toBeLessThan(1e-10));
    expect(out.bottom.length).toBe(2);
    expect(Math.abs(out.bottom[0] - kanTiny.lambda_min) / lmax).toBeLessThan(1e-10);
    expect(Math.abs(out.bottom[1] - ref[74]) / lmax).toBeLessThan(1e-10);
    // 76 parameters within the 100-HVP budget: the exact trace
    expect(out).toMatchObject({ trace_method: 'exact', trace_stderr: 0, trace_samples: 76, trace_converged: true });
    expect(Math.abs(out.trace - kanTiny.trace) / Math.abs(kanTiny.trace)).toBeLessThan(1e-10);
    // a smaller budget: Hutch++, within 4 of its standard errors, which are a few percent of the trace
    const pp = json('hessian', '--model', model, '--input', x, '--target', y, '--top', '1', '--trace', '--trace-samples', '60', '--backend', 'wasm');
    expect(pp.trace_method).toBe('hutch++');
    expect(pp.trace_samples).toBeLessThanOrEqual(60);
    expect(Math.abs(pp.trace - kanTiny.trace)).toBeLessThan(4 * pp.trace_stderr);
    expect(pp.trace_stderr / Math.abs(kanTiny.trace)).toBeLessThan(0.05);
    expect(trapezoid(out.density.grid, out.density.density)).toBeCloseTo(1, 10);
    expect(out.density.grid.length).toBe(out.density.density.length);
    expect(Math.abs(out.loss - kanTiny.loss) / kanTiny.loss).toBeLessThan(1e-12);
    expect(out.backend.name).toBe('wasm');
    expect(out.timing.compute_s).toBeGreaterThan(0);
    expect(out.timing.total_s).toBeGreaterThanOrEqual(out.timing.compute_s);
    // the same seed gives the same numbers on wasm
    const again = json('hessian', '--model', model, '--input', x, '--target', y, '--top', '3', '--bottom', '2', '--trace', '--density', '--backend', 'wasm');
    expect(again.trace).toBe(out.trace);
    expect(again.density.density).toEqual(out.density.density);
  });

  it('MLP + cross-entropy on integer labels: top 5 and eigenvectors', () => {
    const out = json('hessian', '--model', mlpModel, '--input', mlpX, '--target', labels, '--loss', 'ce', '--top', '5', '--eigenvectors', '--backend', 'wasm');
    (out.top as number[]).forEach((v, i) => expect(Math.abs(v - mlp.top5.data[i]) / mlp.lambda_max).toBeLessThan(1e-10));
    expect(out.top_vectors.shape).toEqual([5, 195]);
    expect(out.bottom).toBeUndefined();
    expect(out.trace).toBeUndefined();
  });

  it('on webgpu (SwiftShader here): reports the adapter; λmax within 1e-4 (f32 HVPs; measured ~5e-8)', () => {
    const out = json('hessian', '--model', model, '--input', x, '--target', y, '--top', '1', '--backend', 'webgpu');
    expect(out.backend.name).toBe('webgpu');
    expect(out.backend.adapter.vendor).toBeTruthy();
    expect(Math.abs(out.top[0] - kanTiny.lambda_max) / kanTiny.lambda_max).toBeLessThan(1e-4);
  });

  it('bad input: one-line reason, non-zero exit, the output file left alone', () => {
    const outFile = file('keep.json', '{"good": true}');
    const cases: [string[], RegExp][] = [
      [['--top', '99'], /--top must be a whole number ≥ 0 and ≤ 76, got '99'/],
      [['--loss', 'l2'], /unknown loss 'l2'/],
      [['--trace', 'yes'], /--trace is a switch/],
      [['--top', '0'], /nothing to compute/],
      [['--bogus', '1'], /unknown option --bogus/],
    ];
    for (const [extra, message] of cases) {
      const r = run('hessian', '--model', model, '--input', x, '--target', y, '--backend', 'wasm', '--out', outFile, ...extra);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('kanntk:')).length).toBe(1);
    }
    const labelsAsMse = run('hessian', '--model', mlpModel, '--input', mlpX, '--target', labels, '--backend', 'wasm', '--out', outFile);
    expect(labelsAsMse.stderr).toMatch(/need the cross-entropy loss/);
    expect(readFileSync(outFile, 'utf8')).toBe('{"good": true}');
  });
});

describe('kanntk landscape', () => {
  it('--range gives the α grid; α = 0 is the first model’s loss; several data sets at once', () => {
    const y2 = file('y2.json', { shape: kanTiny.y.shape, data: kanTiny.y.data.map((v: number) => v + 1) });
    const out = json('landscape', '--from', model, '--to', farModel, '--input', `${x},${x}`, '--target', `${y},${y2}`, '--range', '-1.5:2.0:36', '--backend', 'wasm');
    expect(out.alphas.length).toBe(36);
    expect(out.alphas[0]).toBe(-1.5);
    expect(out.alphas[35]).toBe(2);
    expect(out.datasets.length).toBe(2);
    const i0 = out.alphas.findIndex((a: number) => Math.abs(a) < 1e-12);
    expect(Math.abs(out.datasets[0].loss[i0] - kanTiny.loss) / kanTiny.loss).toBeLessThan(1e-12);
    expect(out.datasets[1].loss[i0]).toBeGreaterThan(out.datasets[0].loss[i0]);
    expect(out.backend.name).toBe('wasm');
    expect(out.timing.compute_s).toBeGreaterThan(0);
    const listed = json('landscape', '--from', model, '--to', farModel, '--input', x, '--target', y, '--alphas', '0,1', '--backend', 'wasm');
    expect(listed.alphas).toEqual([0, 1]);
    // α = 1 is the second model: its loss by `kanntk grad`
    const far = json('grad', '--model', farModel, '--input', x, '--target', y, '--backend', 'wasm');
    expect(Math.abs(listed.datasets[0].loss[1] - far.loss) / far.loss).toBeLessThan(1e-12);
  });

  it('cross-entropy with labels; bad input exits non-zero with a reason', () => {
    const m1 = file('mlp-far.json', KanModel.fromJSON(mlp.model).withFlatParams(KanModel.fromJSON(mlp.model).flatParams().map((t) => -t)).serialize());
    const out = json('landscape', '--from', mlpModel, '--to', m1, '--input', mlpX, '--target', labels, '--loss', 'ce', '--alphas', '0', '--backend', 'wasm');
    expect(Math.abs(out.datasets[0].loss[0] - mlp.loss) / mlp.loss).toBeLessThan(1e-12);
    const cases: [string[], RegExp][] = [
      [['--to', mlpModel], /differs in 'type'/],
      [['--to', farModel, '--range', '1:2'], /--range must be lo:hi:n/],
      [['--to', farModel, '--alphas', '0,x'], /--alphas must be a decimal number, got 'x'/],
      [['--to', farModel, '--alphas', '0', '--range', '0:1:3'], /not both/],
      [['--to', farModel, '--target', `${y},${y}`], /1 input files but 2 target files/],
    ];
    for (const [extra, message] of cases) {
      const args = ['landscape', '--from', model, '--input', x, '--target', y, '--backend', 'wasm', ...extra];
      // later flags win in parseArgs, so the overrides above replace the defaults
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

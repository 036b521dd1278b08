// Deno runs the built library (the README promises it): the WASM core's forward
// pass and NTK spectrum under Deno equal the float64 fixtures. The `deno` npm
// package provides the binary.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixturePath, loadFixture } from '../helpers/fixtures.js';
import { relErr } from '../helpers/nd.js';

const DENO = resolve('node_modules/deno/bin.cjs');

describe('Deno', () => {
  it('wasm forward and NTK spectrum under Deno match the fixtures', () => {
    expect(existsSync(DENO), 'the deno npm package is missing (npm ci installs it)').toBe(true);
    expect(existsSync(resolve('dist/node/index.js')), 'run npm run build first').toBe(true);
    const r = spawnSync(process.execPath, [DENO, 'run', '--allow-read', '--allow-env', 'test/deno/smoke.mjs',
      fixturePath('kan_forward_spline_small.json'), fixturePath('ntk_spline_small.json')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(got.runtime).toMatch(/^deno \d/);
    expect(got.backend).toBe('wasm');
    const fx = loadFixture('kan_forward_spline_small.json');
    expect(relErr(got.output, fx.outputs.data)).toBeLessThan(1e-12);
    const c = loadFixture('ntk_spline_small.json').cases[0];
    expect(Math.abs(got.lambdaMax - c.lambda_max) / c.lambda_max).toBeLessThan(1e-10);
    expect(Math.abs(got.effectiveRank - c.effective_rank) / c.effective_rank).toBeLessThan(1e-10);
  }, 120_000);
});

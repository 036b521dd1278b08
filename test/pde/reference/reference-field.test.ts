// referenceSolution / referenceField (src/pde/reference/reference-field.ts): input validation,
// grids, and the disk cache (src/pde/reference/field-cache.ts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KanntkError } from '../../../src/errors.js';
import { referenceField, referenceSolution } from '../../../src/pde/reference/reference-field.js';
import { burgersColeHopf } from '../../../src/pde/reference/burgers-cole-hopf.js';

describe('referenceSolution input checks', () => {
  const pts = (data: number[]) => ({ shape: [data.length / 2, 2], data });

  it('names the known PDEs for an unknown one', () => {
    expect(() => referenceSolution('wave' as never, pts([0, 0]))).toThrow(KanntkError);
    expect(() => referenceSolution('wave' as never, pts([0, 0]))).toThrow(/helmholtz, burgers, allen-cahn/);
  });

  it('rejects wrong shapes, NaN, points outside the domain and unknown options', () => {
    expect(() => referenceSolution('helmholtz', { shape: [2, 3], data: new Float64Array(6) })).toThrow(/shape \[N, 2\]/);
    expect(() => referenceSolution('helmholtz', { shape: [2, 2], data: new Float64Array(3) })).toThrow(KanntkError);
    expect(() => referenceSolution('burgers', pts([0.5, NaN]))).toThrow(/NaN/);
    expect(() => referenceSolution('burgers', pts([-0.1, 0]))).toThrow(/outside the domain t ∈ \[0, 1\]/);
    expect(() => referenceSolution('allen-cahn', pts([0.5, 1.5]))).toThrow(/outside/);
    expect(() => referenceSolution('helmholtz', pts([0, -1.01]))).toThrow(/y=-1.01/);
    expect(() => referenceSolution('burgers', pts([0.5, 0]), { viscosity: 1 } as never)).toThrow(/unknown option 'viscosity'/);
    expect(() => referenceSolution('burgers', pts([0.5, 0]), { nu: Number.NaN })).toThrow(/finite/);
  });

  it('accepts the domain corners (rounding slack 1e-12)', () => {
    const u = referenceSolution('burgers', pts([0, -1, 1, 1, 1 + 1e-13, -1 - 1e-13]));
    for (const v of u) expect(Math.abs(v)).toBeLessThan(1e-14);
  });
});

describe('referenceField and its disk cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kanntk-ref-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('samples the grid with end points, (t, x) row-major', async () => {
    const f = await referenceField('burgers', { nt: 5, nx: 9 }, { cache: false });
    expect(f.shape).toEqual([5, 9]);
    expect(f.axisNames).toEqual(['t', 'x']);
    expect(Array.from(f.axes[0])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(f.axes[1][0]).toBe(-1);
    expect(f.axes[1][8]).toBe(1);
    expect(f.data[2 * 9 + 3]).toBe(burgersColeHopf(0.5, f.axes[1][3]).u);
    expect(f.source).toBe('computed');
    const h = await referenceField('helmholtz', { nx: 3, ny: 5 }, { cache: false, a2: 2 });
    expect(h.axisNames).toEqual(['x', 'y']);
    expect(h.data[1 * 5 + 1]).toBe(Math.sin(0) * Math.sin(2 * Math.PI * -0.5));
    await expect(referenceField('burgers', { nt: 1, nx: 9 } as never)).rejects.toThrow(/grid.nt must be an integer ≥ 2/);
  });

  it('reads the second call from disk: faster and identical', async () => {
    const grid = { nt: 41, nx: 128 };
    const t0 = performance.now();
    const first = await referenceField('burgers', grid, { cacheDir: dir });
    const t1 = performance.now();
    const second = await referenceField('burgers', grid, { cacheDir: dir });
    const t2 = performance.now();
    console.log(`reference cache: compute ${(t1 - t0).toFixed(0)} ms, read ${(t2 - t1).toFixed(1)} ms`);
    expect(first.source).toBe('computed');
    expect(second.source).toBe('cache');
    expect(second.data).toEqual(first.data);
    expect(t2 - t1).toBeLessThan((t1 - t0) / 5);
    // a different parameter is a different key, so a different file
    const other = await referenceField('burgers', grid, { cacheDir: dir, nu: 0.02 / Math.PI });
    expect(other.source).toBe('computed');
    expect(readdirSync(dir).filter((n) => n.endsWith('.f64'))).toHaveLength(2);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(0);
  });

  it('ignores a corrupt or truncated cache file and recomputes it', async () => {
    const grid = { nt: 6, nx: 16 };
    const first = await referenceField('allen-cahn', grid, { cacheDir: dir, degree: 256, dtMax: 1e-2 });
    const file = readdirSync(dir).find((n) => n.startsWith('allen-cahn-'))!;
    const path = join(dir, file);
    const bytes = readFileSync(path);
    // flip one data byte: the header still parses, the checksum does not match
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(path, bytes);
    const again = await referenceField('allen-cahn', grid, { cacheDir: dir, degree: 256, dtMax: 1e-2 });
    expect(again.source).toBe('computed');
    expect(again.data).toEqual(first.data);
    // truncated, then garbage: recomputed both times, and the rewritten file is good again
    writeFileSync(path, bytes.subarray(0, 40));
    expect((await referenceField('allen-cahn', grid, { cacheDir: dir, degree: 256, dtMax: 1e-2 })).source).toBe('computed');
    writeFileSync(path, 'not a cache file');
    expect((await referenceField('allen-cahn', grid, { cacheDir: dir, degree: 256, dtMax: 1e-2 })).source).toBe('computed');
    const last = await referenceField('allen-cahn', grid, { cacheDir: dir, degree: 256, dtMax: 1e-2 });
    expect(last.source).toBe('cache');
    expect(last.data).toEqual(first.data);
  });

  it('takes the directory from KANNTK_CACHE_DIR when no option is given', async () => {
    const envDir = join(dir, 'from-env');
    const saved = process.env.KANNTK_CACHE_DIR;
    process.env.KANNTK_CACHE_DIR = envDir;
    try {
      await referenceField('helmholtz', { nx: 4, ny: 4 });
      expect(readdirSync(envDir).some((n) => n.startsWith('helmholtz-'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.KANNTK_CACHE_DIR;
      else process.env.KANNTK_CACHE_DIR = saved;
    }
  });
});

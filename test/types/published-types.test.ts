// The published declarations (dist/types) compile in a user's strict project
// without skipLibCheck and without any WebGPU type declarations, on
// TypeScript 7 (the project's compiler) and 5.x (what many users have).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve('.');
const COMPILERS: [string, string][] = [
  ['TypeScript 7', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')],
  ['TypeScript 5', join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc')],
];

const USER_CODE = `
import { createEngine, createKan, ntk, eigh, kernelSpectrum, train, adam, type Engine, type HostArray } from 'kanntk';

export async function spectrum(points: HostArray): Promise<number> {
  const engine: Engine = await createEngine({ backend: 'wasm' });
  const model = createKan({ layerDims: [2, 4, 1], G: 5, k: 3, init: { type: 'glorot' }, seed: 1 });
  const bound = model.bind(engine.backend);
  await train(bound, { x: points, y: { shape: [points.shape[0], 1], data: new Array(points.shape[0]).fill(0) } }, { steps: 2, optimizer: adam() });
  const K = await ntk(bound, points);
  const s = await kernelSpectrum(engine, K);
  const e = await eigh(engine, K, { vectors: false });
  engine.dispose();
  return s.cond + e.values[0];
}
`;

describe('published types', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'types', 'index.d.ts'))) throw new Error('dist/types missing: run npm run build first');
    dir = mkdtempSync(join(tmpdir(), 'kanntk-types-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'kanntk'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user', type: 'module', private: true }));
    writeFileSync(join(dir, 'main.ts'), USER_CODE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['ES2022'], types: [], skipLibCheck: false, noEmit: true },
      files: ['main.ts'],
    }));
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  for (const [name, tsc] of COMPILERS) {
    it(`${name}: a strict project without WebGPU types and without skipLibCheck compiles`, () => {
      expect(existsSync(tsc), `${tsc} missing`).toBe(true);
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 120_000);
  }
});

// The parity suite inside headless Chromium on WebGPU (SwiftShader here),
// driven by playwright-core against Debian's /usr/bin/chromium; page served on localhost.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { PARITY_TOLERANCE } from '../graph/parity.js';
import { OP_CASES } from '../graph/op-cases.js';

const CHROMIUM = process.env.KANNTK_CHROMIUM ?? '/usr/bin/chromium';

describe('browser: parity suite in headless Chromium on WebGPU', () => {
  let server: Server;
  let browser: BrowserContext;
  let profile: string;
  let result: any;

  beforeAll(async () => {
    const bundle = (entry: string) => build({
      entryPoints: [entry],
      bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022',
      loader: { '.wgsl': 'text', '.wasm': 'binary' },
      external: ['webgpu', 'node:*'],
      logLevel: 'error',
    }).then((b) => b.outputFiles[0].text);
    const [js, workerJs] = await Promise.all([bundle('test/browser/page-entry.ts'), bundle('test/browser/threads-worker-entry.ts')]);
    const html = '<!doctype html><meta charset="utf-8"><title>kanntk parity</title><script type="module" src="/page.js"></script>';
    // cross-origin isolated, so that the Worker may share WebAssembly memory with its own workers
    const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    server = createServer((req, res) => {
      if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(js);
      else if (req.url === '/threads-worker.js') res.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(workerJs);
      else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html', ...isolated }).end(html);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;

    profile = mkdtempSync(join(tmpdir(), 'kanntk-chromium-'));
    // a fresh profile directory per run (Playwright passes it as --user-data-dir)
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader',
        '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as any).__kanntk?.done === true, undefined, { timeout: 240_000 });
    result = await page.evaluate(() => (window as any).__kanntk);
    if (result.error) result.error += `\npage log:\n${logs.join('\n')}`;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('found a WebGPU adapter in the page and ran every case', () => {
    expect(result.error).toBeUndefined();
    expect(result.adapter).toMatch(/\S+\/\S+/);
    expect(result.precision).toBe('f32');
    expect(result.rows.map((r: any) => r.name)).toEqual(OP_CASES.map((c) => c.name));
  });

  it('KAN fixtures (spline, base, chebyshev): forward, loss and gradient within 1e-4 on WebGPU', () => {
    expect(result.kan.map((r: any) => r.name)).toEqual(['spline_small', 'base_small', 'chebyshev']);
    for (const r of result.kan) {
      expect(r.forward, r.name).toBeLessThan(1e-4);
      expect(r.loss, r.name).toBeLessThan(1e-4);
      expect(r.grad, r.name).toBeLessThan(1e-4);
    }
  });

  it('NTK of the small spline KAN and its top eigenvalue (Jacobi on the GPU) match the fixture in f32', () => {
    // f32 kernel: 1e-4 of max|K| (as the Node suite); λmax to 2e-4; some eigenvalues resolved above the noise floor
    expect(result.ntk.K).toBeLessThan(1e-4);
    expect(result.ntk.lambdaMax).toBeLessThan(2e-4);
    expect(result.ntk.resolved).toBeGreaterThan(3);
  });

  it('a closed-form KAN on WebGPU and its formula (mathjs in the page) agree in f32', () => {
    expect(result.formula.text).toMatch(/sin\(/);
    expect(result.formula.latex).toMatch(/x_\{2\}/);
    expect(result.formula.err).toBeLessThan(1e-5);
  });

  it('runs the wasm core on Web Workers in a Worker of a cross-origin-isolated page, to the bit of one thread', () => {
    const t = result.threads;
    expect(t.error).toBeUndefined();
    expect(t.threads.count).toBeGreaterThanOrEqual(2);
    expect(t.threads.reason).toMatch(/one per core/);
    expect(t.threadedCalls).toBeGreaterThan(0);
    expect(t.ntkSame).toBe(true);
    expect(t.tridiagonalDiff).toBeLessThan(1e-10); // the reduction sums p = A·w per thread: rounding drift only
  });

  it('agrees with wasm within f32 tolerance (forward, gradient, second order)', () => {
    const hasGrad = new Map(OP_CASES.map((c) => [c.name, !c.noGrad]));
    // NaN compares false, so a NaN error counts as a failure
    const bad = (result.rows as any[]).filter(
      (r) => !(r.forward < PARITY_TOLERANCE.forward) || (hasGrad.get(r.name) && !(r.grad < PARITY_TOLERANCE.grad && r.hvp < PARITY_TOLERANCE.hvp)),
    );
    expect(bad).toEqual([]);
  });
});

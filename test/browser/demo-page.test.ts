// The live demo in headless Chromium: `kanntk demo` serves it, a click on Run
// trains in a Worker on the WASM core, the page ends in state "done" with the
// same numbers as `kanntk study --preset demo` in Node, and offers the report.
// A screenshot is kept in test-artifacts/demo.png for a person to look at.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.KANNTK_CHROMIUM ?? '/usr/bin/chromium';
const CLI = resolve('dist/node/cli.js');
const ARTIFACTS = resolve('test-artifacts');

/** Relative difference of two numbers or nulls (unresolved eigenvalues are null in both). */
const rel = (a: number | null, b: number | null, scale: number) => (a === null || b === null ? (a === b ? 0 : Infinity) : Math.abs(a - b) / scale);

describe('browser: the live demo in headless Chromium', () => {
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let dir: string;
  let node: any;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'kanntk-demo-'));
    const study = spawnSync(process.execPath, [CLI, 'study', '--preset', 'demo', '--backend', 'wasm', '--out', dir], { encoding: 'utf8' });
    if (study.status !== 0) throw new Error(`study --preset demo failed: ${study.stderr}`);
    node = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8'));
    server = spawn(process.execPath, [CLI, 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((ok, fail) => {
      let out = '';
      server.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) ok(m[0]);
      });
      server.once('exit', (code) => fail(new Error(`kanntk demo exited with ${code}`)));
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--no-first-run', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGINT');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Run trains in a Worker, ends "done" with the numbers of `kanntk study --preset demo`, and offers the report', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith(`blob:${url}`)) problems.push(`outside request: ${r.url()}`); });
    await page.goto(url);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('idle');
    // served with the headers that make the page cross-origin isolated (what WASM threads need)
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state!), undefined, { timeout: 180_000 });
    expect(await page.evaluate(() => document.body.dataset.state), await page.evaluate(() => document.getElementById('message')!.textContent)).toBe('done');
    const web: any = await page.evaluate(() => (window as any).kanntkResults);
    expect(problems).toEqual([]);
    // the Worker runs the core on every core (Web Workers on the shared memory; blob: URLs are the page's own)
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const facts = await page.locator('#backend').textContent();
    if (cores > 1) expect(facts).toContain(`threads${Math.min(cores, 16)} (one per core (${cores} cores); this page is cross-origin isolated)`);

    // the same protocol, the same runs, the same numbers (wasm f64 in both; threads change no bit)
    expect(web.protocol).toEqual(node.protocol);
    expect(web.backend.name).toBe('wasm');
    expect(web.runs.map((r: any) => `${r.function} ${r.model} ${r.init}`)).toEqual(node.runs.map((r: any) => `${r.function} ${r.model} ${r.init}`));
    web.runs.forEach((w: any, i: number) => {
      const n = node.runs[i];
      const lossScale = Math.max(...n.loss.map(Math.abs));
      expect(Math.max(...w.loss.map((l: number, k: number) => rel(l, n.loss[k], lossScale)))).toBeLessThan(1e-12);
      expect(rel(w.rel_l2, n.rel_l2, n.rel_l2)).toBeLessThan(1e-12);
      w.checkpoints.forEach((c: any, k: number) => {
        const m = n.checkpoints[k];
        expect(c.step).toBe(m.step);
        expect(rel(c.cond, m.cond, m.cond)).toBeLessThan(1e-9);
        const lmax = m.spectrum.lambda_max;
        expect(Math.max(...c.spectrum.eigenvalues.map((l: number | null, j: number) => rel(l, m.spectrum.eigenvalues[j], lmax)))).toBeLessThan(1e-10);
      });
    });

    // the charts are there, and the report downloads as one HTML file
    expect(await page.locator('#live figure.chart').count()).toBe(3 + 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-report')]);
    expect(download.suggestedFilename()).toBe('report.html');
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('f2: exp(sin(pi*x0) + x1^2)');
    await page.screenshot({ path: join(ARTIFACTS, 'demo.png'), fullPage: true });
    await page.close();
  });

  it('discover finds exp(sin(πx1) + x2²) in the page: the formula, the edge table, the network before and after', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith(`blob:${url}`)) problems.push(`outside request: ${r.url()}`); });
    await page.goto(url);
    await page.selectOption('#study', 'discover:f2');
    expect(await page.locator('#model-label').isVisible()).toBe(false);
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state!), undefined, { timeout: 180_000 });
    expect(await page.evaluate(() => document.body.dataset.state), await page.evaluate(() => document.getElementById('message')!.textContent)).toBe('done');
    const web: any = await page.evaluate(() => (window as any).kanntkResults);
    expect(problems).toEqual([]);
    expect(web.widths.pruned).toEqual([2, 1, 1]);
    expect(web.edges.map((e: any) => e.fn).sort()).toEqual(['exp', 'sin', 'x^2']);
    expect(web.mse.final).toBeLessThan(1e-8);
    expect(await page.locator('#message').textContent()).toMatch(/done: y1 = .*exp/);
    expect(await page.locator('#live figure.chart > svg').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-discover.png'), fullPage: true });
    await page.close();
  });

  it('a bad setting is named on the page and nothing starts', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.fill('#ntk', '5000');
    await page.click('#run');
    expect(await page.locator('#error').textContent()).toMatch(/NTK points must be a whole number from 2 to 1024/);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('idle');
    await page.close();
  });
});

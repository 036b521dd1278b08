// The study report opened in headless Chromium as a person would open it (a
// file:// URL): nothing fetched, every chart laid out, readable light and dark.
// Screenshots are kept in test-artifacts/ for a person to look at.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.KANNTK_CHROMIUM ?? '/usr/bin/chromium';
const CLI = resolve('dist/node/cli.js');
const ARTIFACTS = resolve('test-artifacts');

describe('browser: the HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
    dir = mkdtempSync(join(tmpdir(), 'kanntk-report-'));
    const r = spawnSync(process.execPath, [CLI, 'study', '--functions', 'f1,f2', '--models', 'small', '--epochs', '20', '--points', '200', '--ntk-points', '32', '--backend', 'wasm', '--out', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`study failed: ${r.stderr}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--no-first-run', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: loads nothing from outside the file, lays out every chart, no page errors`, async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: scheme });
      const outside: string[] = [];
      const errors: string[] = [];
      page.on('request', (req) => { if (!req.url().startsWith('file:')) outside.push(req.url()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(`file://${join(dir, 'report.html')}`);
      const layout = await page.evaluate(() => {
        const charts = [...document.querySelectorAll('figure.chart')];
        const sizes = charts.map((f) => {
          const svgs = [...f.querySelectorAll('svg')].map((s) => s.getBoundingClientRect());
          const main = svgs.sort((a, b) => b.width * b.height - a.width * a.height)[0];
          return main ? [main.width, main.height] : [0, 0];
        });
        const bg = getComputedStyle(document.documentElement).backgroundColor;
        return { charts: charts.length, sizes, bg, sections: [...document.querySelectorAll('h2')].map((h) => h.textContent) };
      });
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      expect(layout.sections).toEqual(['Summary', 'f1: x0*x1', 'f2: exp(sin(pi*x0) + x1^2)']);
      expect(layout.charts).toBe(2 * (3 + 3));
      for (const [w, h] of layout.sizes) {
        expect(w).toBeGreaterThan(300);
        expect(h).toBeGreaterThan(200);
      }
      // the page follows the reader's colour scheme
      expect(layout.bg).toBe(scheme === 'dark' ? 'rgb(20, 24, 29)' : 'rgb(255, 255, 255)');
      await page.screenshot({ path: join(ARTIFACTS, `report-${scheme}.png`), fullPage: true });
      await page.close();
    });
  }
});

// npm run build: AssemblyScript core → build/core.wasm (and build/core-threads.wasm), then esbuild bundles
// for Node (library + CLI) and browsers into dist/, plus .d.ts via tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, copyFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
mkdirSync('build', { recursive: true });
run('npx', ['asc', 'assembly/index.ts', '--config', 'asconfig.json', '--target', 'release']);
// the same kernels on a shared, imported memory (atomics enabled) for worker threads
run('npx', ['asc', 'assembly/index.ts', '--config', 'asconfig.json', '--target', 'threads']);

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  loader: { '.wgsl': 'text', '.wasm': 'binary' },
  // Dawn for Node is loaded on demand, only when Node asks for WebGPU.
  external: ['webgpu', 'node:*'],
  logLevel: 'warning',
};

// mathjs (symbolic formulas) is a dependency that Node and Deno resolve themselves, loaded only
// when a formula is asked for; browsers get it bundled
const nodeExternal = [...common.external, 'mathjs'];
await build({ ...common, external: nodeExternal, platform: 'node', entryPoints: ['src/index.ts'], outfile: 'dist/node/index.js' });
// The CLI is split so that what only `report` and `study` need (the plotting library and a DOM)
// loads as a chunk when they run, not on every command.
await build({
  ...common,
  external: nodeExternal,
  platform: 'node',
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist/node',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: '#!/usr/bin/env node' },
});
// split, so that mathjs (formulas only) loads as a chunk on first use instead of with the library
await build({ ...common, platform: 'browser', entryPoints: { index: 'src/index.ts' }, outdir: 'dist/browser', splitting: true, chunkNames: 'chunks/[name]-[hash]' });
// The live demo (`kanntk demo`): the page (charts in the page's own DOM, so Node's stand-in DOM
// is mapped away) and the Worker that runs the study; static files, servable from anywhere.
await build({
  ...common,
  platform: 'browser',
  entryPoints: { demo: 'src/demo/page.ts', 'demo-worker': 'src/demo/worker.ts' },
  outdir: 'dist/demo',
  // shared code and mathjs (loaded when discover reads its formula) as chunks
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  alias: { linkedom: './src/demo/dom-shim.ts' },
});
copyFileSync('src/demo/index.html', 'dist/demo/index.html');
copyFileSync('build/core.wasm', 'dist/kanntk.wasm');
// the shipped data sets (data/README.md), read by name by the data readers
mkdirSync('dist/data', { recursive: true });
for (const f of ['digits.csv', 'iris.csv', 'README.md']) copyFileSync(`data/${f}`, `dist/data/${f}`);
// TypeScript 7 by path: `npx tsc` may name the TypeScript 5 kept for the published-types test
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
console.log('built dist/ (node, browser, demo, kanntk.wasm, types)');

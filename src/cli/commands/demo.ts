// kanntk demo [--port P] | kanntk demo --export DIR
// Serves the live demo page (dist/demo) on 127.0.0.1, with the headers that make
// the page cross-origin isolated (what WebAssembly threads need), or copies the
// page's static files into DIR for publishing.

import { createServer } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KanntkError } from '../../errors.js';
import { checkFlags, numberFlag, stringFlag, type ParsedArgs } from '../args.js';
import { checkOutputDir } from '../output-paths.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.wasm': 'application/wasm' };

/** The built demo folder: dist/demo beside dist/node (this code may sit in dist/node or a chunk below it). */
function demoFolder(): string {
  for (const up of ['../demo/', '../../demo/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new KanntkError('demo: the built page is missing (dist/demo/index.html); run npm run build');
}

function exportTo(target: string): void {
  checkOutputDir(target, 'demo --export');
  const source = demoFolder();
  mkdirSync(target, { recursive: true });
  // the page, its Worker and their chunks (chunks/), without source maps
  const files = (readdirSync(source, { recursive: true }) as string[]).filter((f) => !f.endsWith('.map') && statSync(join(source, f)).isFile());
  for (const f of files) {
    mkdirSync(dirname(join(target, f)), { recursive: true });
    copyFileSync(join(source, f), join(target, f));
  }
  process.stdout.write(`wrote ${files.length} files to ${target}: serve them as static files; send\n` +
    `  Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp\n` +
    `so the page is cross-origin isolated (it runs without them too)\n`);
}


export async function demoCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['port', 'export']);
  const target = stringFlag(args, 'export');
  if (target !== undefined) {
    if (args.flags.has('port')) throw new KanntkError('demo: --port serves the page, --export copies it; give one');
    return exportTo(target);
  }
  const port = numberFlag(args, 'port', 8787, { integer: true, min: 0, max: 65535 });
  const root = demoFolder();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^([/\\])+/, '');
    const file = join(root, path === '' ? 'index.html' : path);
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-cache' };
    if (path.startsWith('..') || !file.startsWith(root) || !existsSync(file) || !TYPES[extname(file)]) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] }).end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new KanntkError(err.code === 'EADDRINUSE' ? `demo: port ${port} is in use; pick another with --port` : `demo: cannot listen on 127.0.0.1:${port} (${err.message})`)));
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as { port: number };
  process.stdout.write(`kanntk demo: http://127.0.0.1:${address.port}/ (Ctrl-C to stop)\n`);
  // serve until interrupted
  await new Promise<void>((resolve) => process.once('SIGINT', () => server.close(() => resolve())));
}

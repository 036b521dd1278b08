// How non-TypeScript sources reach the bundle and the tests:
// `.wgsl` files are imported as text, the compiled `.wasm` core as bytes.
import { readFileSync } from 'node:fs';

/** Vite/vitest plugin doing what esbuild's `text` and `binary` loaders do in the build. */
export function assetPlugin() {
  return {
    name: 'kanntk-assets',
    enforce: 'pre',
    load(id) {
      const path = id.split('?')[0];
      if (path.endsWith('.wgsl')) return `export default ${JSON.stringify(readFileSync(path, 'utf8'))};`;
      if (path.endsWith('.wasm')) {
        const b64 = readFileSync(path).toString('base64');
        return `const s = ${JSON.stringify(b64)};\nconst b = typeof Buffer !== 'undefined' ? Uint8Array.from(Buffer.from(s, 'base64')) : Uint8Array.from(atob(s), (c) => c.charCodeAt(0));\nexport default b;`;
      }
      return null;
    },
  };
}

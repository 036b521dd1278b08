// Runs in headless Chromium: the parity suite on navigator.gpu against wasm,
// with the same engine code a web page would use.
import { createEngine } from '../../src/engine.js';
import { parityReport } from '../graph/parity.js';

interface PageResult {
  done: boolean;
  adapter?: string;
  precision?: string;
  rows?: Awaited<ReturnType<typeof parityReport>>;
  error?: string;
}

const w = window as unknown as { __kanntk: PageResult };
w.__kanntk = { done: false };

(async () => {
  const gpu = await createEngine({ backend: 'webgpu' });
  const wasm = await createEngine({ backend: 'wasm' });
  const rows = await parityReport(gpu.backend, wasm.backend);
  w.__kanntk = { done: true, adapter: gpu.backend.info.device, precision: gpu.backend.info.precision, rows };
  gpu.dispose();
  wasm.dispose();
})().catch((err) => {
  w.__kanntk = { done: true, error: String(err?.stack ?? err) };
});

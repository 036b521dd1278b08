// WebGPU (f32, SwiftShader here) against wasm (f64) on every op: forward, gradient, second order.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { makeBackend } from '../helpers/engines.js';
import { parityReport, PARITY_TOLERANCE, type ParityRow } from './parity.js';
import { OP_CASES } from './op-cases.js';

describe('backend parity: webgpu vs wasm', () => {
  let gpu: Backend, wasm: Backend;
  let rows: ParityRow[];
  beforeAll(async () => {
    // No skip: if SwiftShader/Dawn cannot give an adapter, this fails.
    gpu = await makeBackend('webgpu');
    wasm = await makeBackend('wasm');
    rows = await parityReport(gpu, wasm);
    if (process.env.KANNTK_PRINT_PARITY) console.table(rows);
  });
  afterAll(() => {
    gpu?.dispose();
    wasm?.dispose();
  });

  it('ran on a real WebGPU adapter', () => {
    expect(gpu.info.name).toBe('webgpu');
    expect(gpu.info.device).toMatch(/\S+\/\S+/);
  });

  for (const c of OP_CASES) {
    it(c.name, () => {
      const row = rows.find((r) => r.name === c.name)!;
      expect(row.forward).toBeLessThan(PARITY_TOLERANCE.forward);
      if (!c.noGrad) {
        expect(row.grad).toBeLessThan(PARITY_TOLERANCE.grad);
        expect(row.hvp).toBeLessThan(PARITY_TOLERANCE.hvp);
      }
    });
  }
});

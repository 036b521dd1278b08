// What every benchmark shares: seeded data and the loop over backends.
import { createEngine } from '../dist/node/index.js';

/** A seeded LCG giving uniforms in [−1, 1): the same data in every run. */
export function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/**
 * Runs fn(engine, name) on wasm and webgpu (SwiftShader when there is no GPU: its
 * times say nothing about GPU speed), printing why a backend is unavailable.
 */
export async function forEachBackend(label, fn) {
  for (const name of ['wasm', 'webgpu']) {
    let engine;
    try {
      engine = await createEngine({ backend: name });
    } catch (err) {
      console.log(`\n${label} on ${name}: unavailable (${err.message})`);
      continue;
    }
    try {
      await fn(engine, name);
    } finally {
      engine.dispose();
    }
  }
}

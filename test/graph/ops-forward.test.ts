// Every graph op's forward pass against the plain-TypeScript f64 reference (test/helpers/nd.ts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { OP_CASES } from './op-cases.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';
import { createRandom } from '../helpers/random.js';
import { relErr, size } from '../helpers/nd.js';

// f64 (wasm/reference): a few ulps of accumulated rounding; f32 (webgpu): ~1e-6 per op, 5e-5 with transcendental functions.
const TOLERANCE = { f64: 1e-12, f32: 5e-5 };

for (const name of TEST_BACKENDS) {
  describe(`graph ops forward on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());

    for (const c of OP_CASES) {
      it(c.name, async () => {
        const rnd = createRandom(17);
        const inputs = c.shapes.map((s) => ({ shape: s, data: Array.from(rnd.array(size(s), ...(c.domain ?? [-2, 2]))) }));
        const got = await g.tidy(async () => {
          const xs = inputs.map((x) => g.tensor(backend, x.data, x.shape));
          const y = c.run(xs);
          return { shape: [...y.shape], data: await y.data() };
        });
        const want = c.ref(inputs);
        expect(got.shape).toEqual(want.shape);
        expect(relErr(got.data, want.data)).toBeLessThan(TOLERANCE[backend.info.precision]);
      });
    }
  });
}

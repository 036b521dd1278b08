// Bad input gets a KanntkError that names the problem.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import * as g from '../../src/graph/index.js';
import { KanntkError } from '../../src/errors.js';
import { makeBackend, TEST_BACKENDS } from '../helpers/engines.js';

for (const name of TEST_BACKENDS) {
  describe(`bad input on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await makeBackend(name);
    });
    afterAll(() => backend?.dispose());
    const t = (data: number[], shape: number[]) => g.tensor(backend, data, shape);

    it('shape mismatches', () => {
      g.tidy(() => {
        expect(() => g.add(t([1, 2, 3, 4, 5, 6], [2, 3]), t([1, 2, 3, 4], [4]))).toThrow(/\[2,3\] and \[4\] do not broadcast/);
        expect(() => g.matmul(t([1, 2, 3, 4, 5, 6], [2, 3]), t([1, 2, 3, 4], [2, 2]))).toThrow(/inner dimensions differ/);
        expect(() => g.reshape(t([1, 2, 3], [3]), [2, 2])).toThrow(/cannot reshape \[3\]/);
        expect(() => g.concat([t([1, 2], [1, 2]), t([1, 2, 3], [1, 3])], 0)).toThrow(/differ off axis 0/);
        expect(() => g.slice(t([1, 2, 3], [3]), [2], [2])).toThrow(/outside shape/);
        expect(() => t([1, 2, 3], [2, 2])).toThrow(/needs 4 values, got 3/);
        expect(() => g.sum(t([1, 2], [2]), 3)).toThrow(/axis 3 out of range/);
      });
    });

    it('NaN and Infinity in inputs', () => {
      expect(() => g.tensor(backend, [0, 1, NaN], [3], { name: 'input x' })).toThrow(/input x: value NaN at flat index 2 is not finite/);
      expect(() => t([Infinity], [1])).toThrow(KanntkError);
    });

    it('out-of-range gather indices', () => {
      g.tidy(() => {
        expect(() => g.gather(t([1, 2, 3], [3]), [0, 3])).toThrow(/index 3 at position 1 is out of range \[0, 3\)/);
        expect(() => g.gather(t([1, 2, 3], [3]), [0.5])).toThrow(/out of range/);
      });
    });

    it('tensor use after dispose and buffer use after free', () => {
      const x = t([1, 2], [2]);
      x.dispose();
      expect(() => g.exp(x)).toThrow(/used after dispose/);
      const buf = backend.upload([1, 2]);
      const out = backend.alloc(2);
      backend.free(buf);
      expect(() => backend.run({ kind: 'unary', fn: 'exp', x: buf, out, n: 2, param: 0 })).toThrow(/used after free/);
      expect(() => backend.free(buf)).toThrow(/freed twice|used after free/);
      backend.free(out);
    });

    it('differentiating through a disposed intermediate names the tensor', () => {
      const x = t([1, 2], [2]);
      const y = g.exp(x);
      const z = g.sum(g.mul(y, y));
      y.dispose();
      expect(() => g.grad(z, [x])).toThrow(/used after dispose/);
      x.dispose();
      z.dispose();
    });
  });
}

// seededSubset: a seeded draw of distinct rows, in their original order.
import { describe, it, expect } from 'vitest';
import { seededSubset } from '../../src/math/row-subset.js';

const rows = (n: number) => ({ shape: [n, 2], data: Float64Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : -j)) });

describe('seededSubset', () => {
  it('draws m distinct rows in their original order, the same for the same seed', () => {
    const x = rows(1000);
    const a = seededSubset(x, 64, 7), b = seededSubset(x, 64, 7), c = seededSubset(x, 64, 8);
    expect(a.shape).toEqual([64, 2]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    const picked = Array.from({ length: 64 }, (_, i) => a.data[2 * i]);
    for (let i = 0; i < 64; i++) {
      expect(a.data[2 * i + 1]).toBe(-(2 * picked[i] + 1)); // whole rows, not mixed
      if (i > 0) expect(picked[i]).toBeGreaterThan(picked[i - 1]);
    }
    // a draw, not the first rows: rows from the whole range appear
    expect(picked[63]).toBeGreaterThan(500);
  });

  it('returns every row when m ≥ n', () => {
    const x = rows(5);
    expect(Array.from(seededSubset(x, 9, 1).data)).toEqual(Array.from(x.data));
  });
});

// Buffers on every backend: copies on upload, fresh arrays on read, live and
// pooled accounting back to the baseline after free, reuse of freed buffers,
// long chains of work without a read (a GPU batches them), and no work after
// dispose.

import { it, expect } from 'vitest';
import { createRandom } from '../../helpers/random.js';
import { makeBackend } from '../../helpers/engines.js';
import { describeBackends, expectKanntkError, notReference } from './harness.js';

describeBackends('memory', (s) => {
  it('uploads hold copies and reads return fresh arrays', async () => {
    const b = s.backend;
    const src = [1, 2, 3];
    const buf = b.upload(src);
    src[0] = 99;
    const first = await b.read(buf);
    first[1] = 42;
    expect(Array.from(await b.read(buf))).toEqual([1, 2, 3]);
    b.free(buf);
  });

  it('200 free/alloc/upload/run cycles without a read give the known sum', async () => {
    const b = s.backend;
    const n = 1000;
    const before = b.stats();
    let acc = b.upload(new Array(n).fill(0));
    for (let i = 1; i <= 200; i++) {
      // a freshly uploaded operand may reuse a buffer freed moments ago: its pending work must run first
      const term = b.upload(new Array(n).fill(i));
      const next = b.alloc(n);
      b.run({ kind: 'binary', fn: 'add', a: acc, b: term, out: next, outShape: [n], aStrides: [1], bStrides: [1] });
      b.free(acc);
      b.free(term);
      acc = next;
    }
    expect((await b.read(acc)).every((v) => v === (200 * 201) / 2)).toBe(true);
    b.free(acc);
    b.flush();
    expect(b.stats().liveBuffers).toBe(before.liveBuffers);
    expect(b.stats().liveBytes).toBe(before.liveBytes);
  });

  it('live counts return to the baseline after free, and freed buffers are pooled and reused', async () => {
    const b = s.backend;
    const base = b.stats();
    const sizes = [1, 7, 100, 1000, 4097, 65_536, 0];
    const bufs = sizes.map((n) => b.alloc(n));
    const during = b.stats();
    expect(during.liveBuffers).toBe(base.liveBuffers + sizes.length);
    expect(during.liveBytes).toBeGreaterThanOrEqual(base.liveBytes + s.pick(8, 4) * sizes.reduce((p, q) => p + q, 0));
    for (const buf of bufs) b.free(buf);
    b.flush();
    const after = b.stats();
    expect(after.liveBuffers).toBe(base.liveBuffers);
    expect(after.liveBytes).toBe(base.liveBytes);
    expect(after.pooledBytes).toBeGreaterThan(base.pooledBytes);
    // the same sizes again come from the pool
    const again = sizes.map((n) => b.alloc(n));
    expect(b.stats().pooledBytes).toBeLessThan(after.pooledBytes);
    for (const buf of again) b.free(buf);
    b.flush();
    expect(b.stats().liveBuffers).toBe(base.liveBuffers);
  });

  it('refuses work after dispose', async () => {
    const other = await makeBackend(s.name);
    const buf = other.alloc(2);
    other.dispose();
    expectKanntkError(() => other.alloc(1), /after dispose/);
    expectKanntkError(() => other.run({ kind: 'fill', out: buf, n: 2, value: 0 }), /after dispose/);
  });
}, notReference);

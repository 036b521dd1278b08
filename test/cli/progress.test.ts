// The progress bar's time estimate, and the bar itself on a (fake) terminal.
import { describe, it, expect } from 'vitest';
import { formatEta, progressBar } from '../../src/cli/progress.js';

describe('progress', () => {
  it('estimates the time left from the pace so far', () => {
    expect(formatEta(10_000, 0, 10)).toBe('');
    expect(formatEta(10_000, 10, 10)).toBe('');
    expect(formatEta(10_000, 2, 10)).toBe('~40 s left');
    expect(formatEta(60_000, 1, 10)).toBe('~9 min left');
    expect(formatEta(3_600_000, 1, 3)).toBe('~2.0 h left');
  });

  it('draws on a terminal, and stays silent elsewhere', () => {
    let out = '';
    const tty = { isTTY: true, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('study', 4, tty);
    bar.update(0, 'f1');
    bar.finish('done');
    expect(out).toMatch(/study \[\.+\] 0\/4 f1/);
    expect(out).toMatch(/study \[#+\] 4\/4 done\x1b\[K\n$/);
    let quiet = '';
    const pipe = { isTTY: false, write: (s: string) => ((quiet += s), true) } as unknown as NodeJS.WriteStream;
    const silent = progressBar('study', 4, pipe);
    silent.update(1);
    silent.finish();
    expect(quiet).toBe('');
  });
});

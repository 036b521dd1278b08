// The progress bar's time estimate, and the bar itself on a (fake) terminal.
import { describe, it, expect } from 'vitest';
import { formatDuration, formatEta, progressBar } from '../../src/cli/progress.js';

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

  it('with weights, fills and estimates by the work done, not the count of units', () => {
    let out = '';
    const tty = { isTTY: true, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    // one cheap unit then one costing 9 times as much: after the first, a tenth of the work is done
    const bar = progressBar('study', 2, tty, [1, 9]);
    bar.update(1, 'small done');
    expect(out).toMatch(/study \[###\.{27}\] 1\/2/);
    expect(formatDuration(45)).toBe('~45 s');
    expect(formatDuration(600)).toBe('~10 min');
  });
});

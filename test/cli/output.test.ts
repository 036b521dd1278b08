// Writing finished work: atomically, and when the place is gone by the time the
// work is done, into the temp folder with the error saying where.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResult, writeResults } from '../../src/cli/output.js';

describe('writeResult', () => {
  it('writes the file (no temporary left behind)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanntk-out-'));
    writeResult(join(dir, 'r.json'), '{"ok":true}');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('{"ok":true}');
    rmSync(dir, { recursive: true });
  });

  it('a folder that vanished: the result goes to the temp folder and the error names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanntk-out-'));
    rmSync(dir, { recursive: true });
    let message = '';
    try {
      writeResult(join(dir, 'r.json'), 'the finished work');
    } catch (err) {
      message = (err as Error).message;
    }
    const rescued = message.match(/the result is safe in (\S+)$/)?.[1];
    expect(message).toMatch(/^could not write '.*r\.json' \(/);
    expect(rescued && existsSync(rescued)).toBe(true);
    expect(readFileSync(rescued!, 'utf8')).toBe('the finished work');
    rmSync(rescued!);
  });

  it('writeResults writes every file it can, then reports the ones it could not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanntk-out-'));
    let message = '';
    try {
      writeResults([[join(dir, 'gone', 'history.json'), 'h'], [join(dir, 'model.json'), 'm']]);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/history\.json.*safe in/);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('m');
    rmSync(message.match(/safe in (\S+)$/)![1]);
    rmSync(dir, { recursive: true });
  });
});

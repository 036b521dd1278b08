// Loads golden files from ../shared/fixtures (beside the repository, as in CI).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = process.env.KANNTK_FIXTURES ?? resolve(here, '../../../shared/fixtures');

export interface JsonArray { shape: number[]; data: number[] }

/** The path of one fixture file; throws (never skips) when it is missing. */
export function fixturePath(name: string): string {
  const path = resolve(FIXTURES_DIR, name);
  if (!existsSync(path)) throw new Error(`fixture ${path} not found (set KANNTK_FIXTURES)`);
  return path;
}

/** Parses one fixture file; throws (never skips) when it is missing. */
export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

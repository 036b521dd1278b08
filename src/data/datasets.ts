// The data sets shipped with the package (data/README.md: sources and
// licences), by name; files are read through the readers like any other.
// Node and Deno only: the CSV files sit beside the built code (dist/data).

import { KanntkError } from '../errors.js';
import { readCsv } from './csv.js';
import type { LabeledData } from './labeled-data.js';
import { importNode } from '../import-node.js';

export const DATASET_NAMES = ['digits', 'iris'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];


/** The folder that holds the shipped CSV files: dist/data in the package, data/ in a checkout. */
async function dataFolder(): Promise<string> {
  const [{ existsSync }, { fileURLToPath }] = await Promise.all([importNode('node:fs'), importNode('node:url')]);
  // dist/node/*.js, dist/node/chunks/*.js, or src/data/*.ts (tests)
  for (const up of ['../data/', '../../data/', '../../../data/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url)) as string;
    if (existsSync(`${dir}/digits.csv`)) return dir;
  }
  throw new KanntkError('datasets: the shipped data files (digits.csv, iris.csv) are missing; run npm run build');
}

/** Whether `name` names a shipped data set. */
export const isDatasetName = (name: string): name is DatasetName => (DATASET_NAMES as readonly string[]).includes(name);

/** A shipped data set by name. */
export async function loadDataset(name: string, options: { label?: string } = {}): Promise<LabeledData> {
  if (!isDatasetName(name)) throw new KanntkError(`unknown data set '${name}' (shipped: ${DATASET_NAMES.join(', ')})`);
  const { readFileSync } = await importNode('node:fs');
  const text = readFileSync(`${await dataFolder()}/${name}.csv`, 'utf8') as string;
  return { ...readCsv(text, `${name}.csv`, options), source: name };
}

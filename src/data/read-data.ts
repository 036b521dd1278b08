// Classification data from a file path (CSV, or ARFF by its .arff ending) or a
// shipped data set's name. Node and Deno only (it reads files).

import { KanntkError } from '../errors.js';
import { readArff } from './arff.js';
import { readCsv } from './csv.js';
import { DATASET_NAMES, isDatasetName, loadDataset } from './datasets.js';
import type { LabeledData } from './labeled-data.js';
import { importNode } from '../import-node.js';


/** Reads `spec`: a file when one exists at that path, else a shipped data set by name. */
export async function readLabeledData(spec: string, options: { label?: string } = {}): Promise<LabeledData> {
  const { existsSync, readFileSync, statSync } = await importNode('node:fs');
  if (!existsSync(spec)) {
    if (isDatasetName(spec)) return loadDataset(spec, options);
    throw new KanntkError(`data '${spec}' is neither a file nor a shipped data set (shipped: ${DATASET_NAMES.join(', ')})`);
  }
  if (statSync(spec).isDirectory()) throw new KanntkError(`data '${spec}' is a folder, not a CSV or ARFF file`);
  const text = readFileSync(spec, 'utf8') as string;
  const data = /\.arff$/i.test(spec) ? readArff(text, spec, options) : readCsv(text, spec, options);
  return { ...data, source: spec };
}

// CSV classification data: a header row, numeric feature columns and one label
// column (by name, default the last). The parsing (quotes, separators, line
// ends) is csv-parse's; the checks that name file, line and column are ours.

import { parse } from 'csv-parse/sync';
import { KanntkError } from '../errors.js';
import { encodeLabels } from './label-encoding.js';
import { isDecimal } from '../math/decimal.js';
import type { LabeledData } from './labeled-data.js';

export interface CsvOptions {
  /** the label column's header (default: the last column) */
  label?: string;
}

/** Parses CSV text; `source` (a file name) is named in every error. */
export function readCsv(text: string, source: string, options: CsvOptions = {}): LabeledData {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new KanntkError(`${source}: not valid CSV (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (rows.length < 2) throw new KanntkError(`${source}: needs a header row and at least one data row`);
  const header = rows[0];
  if (header.length < 2) throw new KanntkError(`${source}: needs at least one feature column and a label column, the header has ${header.length} column`);
  const labelColumn = options.label === undefined ? header.length - 1 : header.indexOf(options.label);
  if (labelColumn < 0) throw new KanntkError(`${source}: no column '${options.label}' (columns: ${header.join(', ')})`);
  const featureColumns = header.map((_, j) => j).filter((j) => j !== labelColumn);
  const n = rows.length - 1, d = featureColumns.length;
  const data = new Float64Array(n * d);
  const labels: string[] = [];
  for (let r = 1; r <= n; r++) {
    const row = rows[r];
    const line = r + 1;
    if (row.length !== header.length) throw new KanntkError(`${source}, line ${line}: ${row.length} values, the header has ${header.length} columns`);
    featureColumns.forEach((j, k) => {
      const cell = row[j];
      if (cell === '' || cell === '?' || /^n\/?a$/i.test(cell)) throw new KanntkError(`${source}, line ${line}, column '${header[j]}': missing value`);
      const v = Number(cell);
      if (!Number.isFinite(v) || !isDecimal(cell)) {
        throw new KanntkError(`${source}, line ${line}, column '${header[j]}': '${cell}' is not a number`);
      }
      data[(r - 1) * d + k] = v;
    });
    const label = row[labelColumn];
    if (label === '' || label === '?') throw new KanntkError(`${source}, line ${line}, column '${header[labelColumn]}': missing label`);
    labels.push(label);
  }
  const { labels: encoded, classes } = encodeLabels(labels, source);
  return { features: { shape: [n, d], data }, labels: encoded, classes, featureNames: featureColumns.map((j) => header[j]), source };
}

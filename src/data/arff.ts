// ARFF, OpenML's own format: '@relation', one '@attribute NAME TYPE' per column
// (numeric/real/integer, or a nominal set {a, b, c}), then '@data' rows of
// comma-separated values; '%' starts a comment, '?' is a missing value. Numeric
// attributes are the features; the label is a named attribute (default: the
// last). Sparse rows ({i v, …}) and string/date attributes are refused by name.

import { parse } from 'csv-parse/sync';
import { KanntkError } from '../errors.js';
import { encodeLabels } from './label-encoding.js';
import type { LabeledData } from './labeled-data.js';

interface Attribute {
  name: string;
  kind: 'numeric' | 'nominal';
  line: number;
}

/** An attribute name, unquoted ('a b' or "a b" or plain). */
function attributeName(rest: string): { name: string; tail: string } {
  const q = rest[0];
  if (q === "'" || q === '"') {
    const end = rest.indexOf(q, 1);
    return { name: rest.slice(1, end), tail: rest.slice(end + 1).trim() };
  }
  const m = rest.match(/^(\S+)\s*(.*)$/s)!;
  return { name: m[1], tail: m[2].trim() };
}

export function readArff(text: string, source: string, options: { label?: string } = {}): LabeledData {
  const lines = text.split(/\r?\n/);
  const attributes: Attribute[] = [];
  let dataStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('%')) continue;
    const lower = line.toLowerCase();
    if (lower.startsWith('@relation')) continue;
    if (lower.startsWith('@attribute')) {
      const { name, tail } = attributeName(line.slice('@attribute'.length).trim());
      const type = tail.toLowerCase();
      if (type.startsWith('{')) attributes.push({ name, kind: 'nominal', line: i + 1 });
      else if (['numeric', 'real', 'integer'].includes(type)) attributes.push({ name, kind: 'numeric', line: i + 1 });
      else throw new KanntkError(`${source}, line ${i + 1}: attribute '${name}' has type '${tail}'; kanntk reads numeric and nominal attributes`);
      continue;
    }
    if (lower.startsWith('@data')) {
      dataStart = i + 1;
      break;
    }
    throw new KanntkError(`${source}, line ${i + 1}: expected @relation, @attribute or @data, got '${line.slice(0, 40)}'`);
  }
  if (dataStart < 0) throw new KanntkError(`${source}: no @data section`);
  if (attributes.length < 2) throw new KanntkError(`${source}: needs at least one feature attribute and a label attribute`);
  const labelIndex = options.label === undefined ? attributes.length - 1 : attributes.findIndex((a) => a.name === options.label);
  if (labelIndex < 0) throw new KanntkError(`${source}: no attribute '${options.label}' (attributes: ${attributes.map((a) => a.name).join(', ')})`);
  const features = attributes.map((a, j) => ({ ...a, j })).filter((a) => a.j !== labelIndex);
  const nominalFeature = features.find((a) => a.kind !== 'numeric');
  if (nominalFeature) throw new KanntkError(`${source}, line ${nominalFeature.line}: feature '${nominalFeature.name}' is nominal; kanntk needs numeric features`);
  const d = features.length;
  const values: number[] = [];
  const labels: string[] = [];
  for (let i = dataStart; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('%')) continue;
    if (line.startsWith('{')) throw new KanntkError(`${source}, line ${i + 1}: sparse ARFF rows are not supported`);
    let cells: string[];
    try {
      cells = (parse(line, { trim: true, quote: "'", relax_quotes: true }) as string[][])[0];
    } catch (err) {
      throw new KanntkError(`${source}, line ${i + 1}: cannot read the row (${(err as Error).message.replace(/\s+/g, ' ')})`);
    }
    if (cells.length !== attributes.length) throw new KanntkError(`${source}, line ${i + 1}: ${cells.length} values for ${attributes.length} attributes`);
    for (const f of features) {
      const cell = cells[f.j];
      if (cell === '?' || cell === '') throw new KanntkError(`${source}, line ${i + 1}, attribute '${f.name}': missing value`);
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new KanntkError(`${source}, line ${i + 1}, attribute '${f.name}': '${cell}' is not a number`);
      values.push(v);
    }
    const label = cells[labelIndex];
    if (label === '?' || label === '') throw new KanntkError(`${source}, line ${i + 1}, attribute '${attributes[labelIndex].name}': missing label`);
    labels.push(label);
  }
  const n = labels.length;
  const { labels: encoded, classes } = encodeLabels(labels, source);
  return { features: { shape: [n, d], data: Float64Array.from(values) }, labels: encoded, classes, featureNames: features.map((f) => f.name), source };
}

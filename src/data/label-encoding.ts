// Class labels to integers as scikit-learn's LabelEncoder does: the distinct
// values sorted, index = rank. Labels that are all numbers sort as numbers
// (a numeric column in pandas), anything else as strings (code-unit order,
// as numpy sorts strings).

import { KanntkError } from '../errors.js';

export function encodeLabels(values: string[], source: string): { labels: Int32Array; classes: string[] } {
  if (values.length === 0) throw new KanntkError(`${source}: no rows`);
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (numeric) {
    // "1" and "1.0" are one class for a numeric column
    const byValue = new Map<number, number>();
    const classes: string[] = [];
    for (const v of distinct) if (!byValue.has(Number(v))) byValue.set(Number(v), classes.push(v) - 1);
    return { labels: Int32Array.from(values, (v) => byValue.get(Number(v))!), classes };
  }
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { labels: Int32Array.from(values, (v) => index.get(v)!), classes: distinct };
}

/**
 * Re-encodes a second file's labels (e.g. a validation file, encoded on its own) by the
 * class list of the first, so that index i means the same class in both; a class the first
 * file does not have is an error.
 */
export function alignLabels(labels: Int32Array, classes: string[], target: string[], source: string): Int32Array {
  const sameClass = (a: string, b: string) => a === b || (a.trim() !== '' && b.trim() !== '' && Number(a) === Number(b));
  const map = classes.map((c) => {
    const i = target.findIndex((t) => sameClass(c, t));
    if (i < 0) throw new KanntkError(`${source}: class '${c}' is not among the training classes (${target.join(', ')})`);
    return i;
  });
  return Int32Array.from(labels, (l) => map[l]);
}

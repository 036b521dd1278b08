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

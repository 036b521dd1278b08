// Preparing a classification data set: a seeded train/validation split,
// standardisation with the training split's statistics, one-hot targets.

import { KanntkError } from '../errors.js';
import { createSeededRandom } from '../math/random.js';
import { rowsOf, type HostArray } from '../host-array.js';
import type { LabeledData } from './labeled-data.js';

/** The rows `rows` of a data set, in that order. */
export function takeRows(data: LabeledData, rows: readonly number[]): LabeledData {
  return { ...data, features: rowsOf(data.features, rows), labels: Int32Array.from(rows, (r) => data.labels[r]) };
}

/**
 * A seeded split: ceil(fraction·N) rows for validation (as scikit-learn's train_test_split
 * counts its test set), the rest for training; the same seed gives the same split.
 */
export function splitSeeded(data: LabeledData, fraction: number, seed: number): { train: LabeledData; val: LabeledData } {
  const n = data.labels.length;
  if (!(fraction > 0 && fraction < 1)) throw new KanntkError(`split: the validation fraction must be in (0, 1), got ${fraction}`);
  const nVal = Math.ceil(fraction * n);
  if (nVal >= n) throw new KanntkError(`split: ${nVal} of ${n} rows for validation leaves none for training`);
  const rng = createSeededRandom(seed).fork('train-val-split');
  const order = rng.permutation(n);
  return { val: takeRows(data, order.slice(0, nVal)), train: takeRows(data, order.slice(nVal)) };
}

/** Per-feature mean and population standard deviation (constant features get 1, as StandardScaler). */
export function featureStats(features: HostArray<Float64Array>): { mean: Float64Array; std: Float64Array } {
  const [n, d] = features.shape;
  const mean = new Float64Array(d), std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += features.data[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (features.data[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
  return { mean, std };
}

/** (x − mean)/std per feature, with statistics from elsewhere (the training split). */
export function standardize(data: LabeledData, stats: { mean: Float64Array; std: Float64Array }): LabeledData {
  const [n, d] = data.features.shape;
  if (stats.mean.length !== d) throw new KanntkError(`standardize: statistics for ${stats.mean.length} features, the data has ${d}`);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (data.features.data[i * d + j] - stats.mean[j]) / stats.std[j];
  return { ...data, features: { shape: [n, d], data: out } };
}

/** One-hot targets [N, C] for class indices. */
export function oneHot(labels: Int32Array, classes: number): HostArray<Float64Array> {
  const out = new Float64Array(labels.length * classes);
  labels.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new KanntkError(`oneHot: label ${c} at row ${i} is not a class index below ${classes}`);
    out[i * classes + c] = 1;
  });
  return { shape: [labels.length, classes], data: out };
}

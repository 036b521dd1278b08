// A classification data set as the readers deliver it: numeric features,
// integer class indices, and the class names in index order.

import type { HostArray } from '../host-array.js';

export interface LabeledData {
  /** [N, d] row-major */
  features: HostArray<Float64Array>;
  /** N class indices into `classes` */
  labels: Int32Array;
  /** the label values as written in the file, in index order (sorted, as scikit-learn's LabelEncoder) */
  classes: string[];
  /** the d feature names (column headers, ARFF attribute names, or x0…) */
  featureNames: string[];
  /** where it came from (a file path or a data set name), for messages */
  source: string;
}

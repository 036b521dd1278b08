// {shape, data}: how arrays cross kanntk's API and its JSON files (row-major).
// Inputs accept any ArrayLike<number>; results are Float64Array-backed
// (HostArray<Float64Array>); model files hold plain number[] (HostArray<number[]>).

export interface HostArray<D extends ArrayLike<number> = ArrayLike<number>> {
  shape: number[];
  data: D;
}

/** Rows `rows` of an [N, d] array, in that order, as a new [rows.length, d] array. */
export function rowsOf(x: HostArray, rows: readonly number[]): HostArray<Float64Array> {
  const d = x.shape[1];
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) out[i * d + j] = x.data[r * d + j];
  });
  return { shape: [rows.length, d], data: out };
}

/** The `count` consecutive rows of an [N, d] array from row `start`, as a new array. */
export function rowRange(x: HostArray, start: number, count: number): HostArray<Float64Array> {
  const d = x.shape[1];
  return { shape: [count, d], data: Float64Array.from({ length: count * d }, (_, k) => x.data[start * d + k]) };
}

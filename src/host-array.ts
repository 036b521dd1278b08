// {shape, data}: how arrays cross kanntk's API and its JSON files (row-major).
// Inputs accept any ArrayLike<number>; results are Float64Array-backed
// (HostArray<Float64Array>); model files hold plain number[] (HostArray<number[]>).

export interface HostArray<D extends ArrayLike<number> = ArrayLike<number>> {
  shape: number[];
  data: D;
}

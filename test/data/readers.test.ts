// CSV and ARFF readers, label encoding (as scikit-learn's LabelEncoder), the
// shipped data sets, and the preprocessing (split, standardisation, one-hot).
import { describe, it, expect } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { readArff } from '../../src/data/arff.js';
import { encodeLabels } from '../../src/data/label-encoding.js';
import { loadDataset } from '../../src/data/datasets.js';
import { featureStats, oneHot, splitSeeded, standardize } from '../../src/data/preprocess.js';

describe('label encoding', () => {
  it('sorted distinct values: strings by code unit, numbers by value ("1" and "1.0" one class)', () => {
    expect(encodeLabels(['b', 'a', 'c', 'a'], 't')).toEqual({ labels: Int32Array.from([1, 0, 2, 0]), classes: ['a', 'b', 'c'] });
    expect(encodeLabels(['B', 'a'], 't').classes).toEqual(['B', 'a']);
    const numeric = encodeLabels(['10', '9', '1.0', '1'], 't');
    expect(Array.from(numeric.labels)).toEqual([2, 1, 0, 0]);
    expect(numeric.classes).toEqual(['1.0', '9', '10']);
  });
});

describe('readCsv', () => {
  const csv = 'a,"b, quoted",kind\n1,2,cat\n3.5,-4e-1,dog\n0,.5,cat\n';
  it('numeric features, the label column last by default or by name', () => {
    const d = readCsv(csv, 'pets.csv');
    expect(d.features.shape).toEqual([3, 2]);
    expect(Array.from(d.features.data)).toEqual([1, 2, 3.5, -0.4, 0, 0.5]);
    expect(d.featureNames).toEqual(['a', 'b, quoted']);
    expect(d.classes).toEqual(['cat', 'dog']);
    expect(Array.from(d.labels)).toEqual([0, 1, 0]);
    const byName = readCsv('y,x1,x2\n1,0.5,0.25\n0,1,2\n', 'f.csv', { label: 'y' });
    expect(Array.from(byName.features.data)).toEqual([0.5, 0.25, 1, 2]);
    expect(Array.from(byName.labels)).toEqual([1, 0]);
  });

  it('names file, line and column of what is wrong', () => {
    const cases: [string, RegExp, string?][] = [
      ['a,b,y\n1,,cat\n', /f\.csv, line 2, column 'b': missing value/],
      ['a,b,y\n1,2,cat\n3,abc,dog\n', /f\.csv, line 3, column 'b': 'abc' is not a number/],
      ['a,b,y\n1,0x10,cat\n', /'0x10' is not a number/],
      ['a,b,y\n1,2\n', /f\.csv, line 2: 2 values, the header has 3 columns/],
      ['a,b,y\n1,2,?\n', /line 2, column 'y': missing label/],
      ['a,b,y\n', /needs a header row and at least one data row/],
      ['a,b,y\n1,2,3\n', /no column 'z' \(columns: a, b, y\)/, 'z'],
      ['a,"b\n1,2\n', /not valid CSV/],
    ];
    for (const [text, message, label] of cases) expect(() => readCsv(text, 'f.csv', { label })).toThrow(message);
  });
});

describe('readArff', () => {
  const arff = `% a comment
@RELATION flowers
@ATTRIBUTE 'petal length' NUMERIC
@attribute width real
@attribute class {small, big}

@DATA
1.4,0.2,small
% another comment
5.1,1.8,big
4.7,1.4,'big'
`;
  it('numeric attributes as features, the last (or named) attribute as the label', () => {
    const d = readArff(arff, 'f.arff');
    expect(d.featureNames).toEqual(['petal length', 'width']);
    expect(Array.from(d.features.data)).toEqual([1.4, 0.2, 5.1, 1.8, 4.7, 1.4]);
    expect(d.classes).toEqual(['big', 'small']);
    expect(Array.from(d.labels)).toEqual([1, 0, 0]);
  });

  it('names what it cannot read', () => {
    expect(() => readArff('@relation r\n@attribute s string\n@attribute c {a,b}\n@data\nx,a\n', 'f.arff')).toThrow(/f\.arff, line 2: attribute 's' has type 'string'/);
    expect(() => readArff('@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n{0 1, 1 a}\n', 'f.arff')).toThrow(/line 5: sparse ARFF rows/);
    expect(() => readArff('@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n?,a\n', 'f.arff')).toThrow(/line 5, attribute 'x': missing value/);
    expect(() => readArff('@relation r\n@attribute x numeric\n@attribute c {a,b}\n', 'f.arff')).toThrow(/no @data section/);
    expect(() => readArff('@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n1,a,2\n', 'f.arff')).toThrow(/3 values for 2 attributes/);
  });
});

describe('shipped data sets', () => {
  it('digits: 1,797 × 64 pixel counts in 0…16, ten classes with the known counts', async () => {
    const d = await loadDataset('digits');
    expect(d.features.shape).toEqual([1797, 64]);
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const counts = new Array(10).fill(0);
    d.labels.forEach((c) => counts[c]++);
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.max(...d.features.data)).toBe(16);
    expect(Math.min(...d.features.data)).toBe(0);
  });

  it('iris: 150 × 4, three species of 50', async () => {
    const d = await loadDataset('iris');
    expect(d.features.shape).toEqual([150, 4]);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.features.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect([0, 1, 2].map((c) => d.labels.filter((l) => l === c).length)).toEqual([50, 50, 50]);
    await expect(loadDataset('mnist')).rejects.toThrow(/unknown data set 'mnist' \(shipped: digits, iris\)/);
  });
});

describe('preprocessing', () => {
  it('a seeded split: ceil(f·N) validation rows, disjoint, covering, reproducible', async () => {
    const d = await loadDataset('iris');
    const a = splitSeeded(d, 0.2, 7), b = splitSeeded(d, 0.2, 7), c = splitSeeded(d, 0.2, 8);
    expect(a.val.labels.length).toBe(30);
    expect(a.train.labels.length).toBe(120);
    expect(Array.from(a.val.features.data)).toEqual(Array.from(b.val.features.data));
    expect(Array.from(a.val.features.data)).not.toEqual(Array.from(c.val.features.data));
    const key = (x: Float64Array, i: number) => Array.from(x.subarray(i * 4, i * 4 + 4)).join(',');
    const rows = [...Array.from({ length: 120 }, (_, i) => key(a.train.features.data, i)), ...Array.from({ length: 30 }, (_, i) => key(a.val.features.data, i))];
    const all = Array.from({ length: 150 }, (_, i) => key(d.features.data, i));
    expect(rows.sort()).toEqual(all.sort());
    expect(() => splitSeeded(d, 1, 0)).toThrow(/must be in \(0, 1\)/);
  });

  it('standardisation with the training statistics: mean 0 and population std 1 there; constant features kept finite', () => {
    const d = readCsv('a,b,c,y\n1,5,2,p\n3,5,4,q\n5,5,9,p\n', 'f.csv');
    const stats = featureStats(d.features);
    const s = standardize(d, stats);
    expect(Array.from(stats.std)).toEqual([Math.sqrt(8 / 3), 1, Math.sqrt(((2 - 5) ** 2 + (4 - 5) ** 2 + (9 - 5) ** 2) / 3)]);
    for (let j = 0; j < 3; j++) {
      const col = [0, 1, 2].map((i) => s.features.data[i * 3 + j]);
      expect(Math.abs(col.reduce((x, y) => x + y) / 3)).toBeLessThan(1e-15);
    }
    expect(Array.from(oneHot(Int32Array.from([1, 0]), 3).data)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(() => oneHot(Int32Array.from([3]), 3)).toThrow(/label 3 at row 0/);
  });
});

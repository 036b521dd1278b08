// `kanntk hybrid` as a user runs it (the built CLI): the result.json contract,
// float64 equality with the mathematics when every step is full-batch, the
// shipped data sets, scouting, the table, the report, and bad input.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKan } from '../../src/kan/build.js';
import { createSeededRandom } from '../../src/math/random.js';
import { relErr } from '../helpers/nd.js';
import { mlpLossGrad, mlpNtk1Step } from '../helpers/mlp-reference.js';

const CLI = resolve('dist/node/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'kanntk-hybrid-'));
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const DIMS = [3, 6, 3];
const CLASSES = ['cat', 'dog', 'emu'];

/** n rows of 3 features and a named class from a linear score, as CSV and as arrays. */
function dataSet(n: number, seed: number) {
  const rng = createSeededRandom(seed);
  const x = Float64Array.from({ length: n * 3 }, () => rng.normal());
  const labels = Array.from({ length: n }, (_, a) => {
    const s = [x[3 * a] + 0.4 * x[3 * a + 1], x[3 * a + 1] - x[3 * a + 2], 0.2];
    return s.indexOf(Math.max(...s));
  });
  const csv = 'f1,f2,f3,animal\n' + labels.map((c, a) => `${x[3 * a]},${x[3 * a + 1]},${x[3 * a + 2]},${CLASSES[c]}`).join('\n') + '\n';
  return { x: { shape: [n, 3], data: x }, labels, csv };
}

let trainCsv: string, valCsv: string, modelFile: string;
const train = dataSet(16, 11), val = dataSet(8, 12);
const model = createKan({ layerDims: DIMS, layer: 'dense', activation: 'relu', init: { type: 'glorot' }, seed: 5 } as never);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
  trainCsv = put('train.csv', train.csv);
  valCsv = put('val.csv', val.csv);
  modelFile = put('model.json', model.serialize());
  // every class occurs in both sets, so that the label encodings agree
  expect(new Set(train.labels).size).toBe(3);
  expect(new Set(val.labels).size).toBe(3);
});

describe('kanntk hybrid', () => {
  it('full batch: every epoch equals the float64 mathematics (SGD, NTK-1, SGD alone), and the result has the contract\'s fields', () => {
    const out = join(dir, 'full.json');
    const r = run('hybrid', '--model', modelFile, '--data', trainCsv, '--val', valCsv, '--switch', 'fixed:2', '--sgd-lr', '0.3', '--batch', '16',
      '--ntk-lr', '0.7', '--ntk-epochs', '3', '--backend', 'wasm', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res).toMatchObject({ classes: CLASSES, switch_rule: 'fixed:2', switched: true, epoch_at_switch: 2, sgd_epoch_limit: 2 });
    for (const phase of ['sgd', 'ntk', 'sgd_alone']) for (const f of ['train_loss', 'train_acc', 'val_loss', 'val_acc']) expect(res[phase][f], `${phase}.${f}`).toHaveLength(phase === 'sgd' ? 2 : 3);
    expect(res.sgd.monitor).toEqual([null, null]);
    expect(res.model.format).toBe('kan-model/1');
    expect(res.timing.compute_s).toBeGreaterThan(0);
    expect(res.backend.name).toBe('wasm');

    // the reference: θ ← θ − lr·∇L twice, then NTK-1 with J at θ_2; SGD alone three more steps
    let theta = model.flatParams();
    const sgdLoss = [], sgdVal = [];
    for (let e = 0; e < 2; e++) {
      theta = theta.map((v, q, t) => v - 0.3 * mlpLossGrad(DIMS, t, train.x, train.labels).grad[q]);
      sgdLoss.push(mlpLossGrad(DIMS, theta, train.x, train.labels).loss);
      sgdVal.push(mlpLossGrad(DIMS, theta, val.x, val.labels));
    }
    const theta0 = theta;
    let alone = theta;
    const ntkLoss = [], aloneLoss = [];
    for (let k = 0; k < 3; k++) {
      theta = mlpNtk1Step(DIMS, theta0, theta, train.x, train.labels, 0.7);
      ntkLoss.push(mlpLossGrad(DIMS, theta, train.x, train.labels).loss);
      alone = alone.map((v, q, t) => v - 0.3 * mlpLossGrad(DIMS, t, train.x, train.labels).grad[q]);
      aloneLoss.push(mlpLossGrad(DIMS, alone, train.x, train.labels).loss);
    }
    expect(relErr(res.sgd.train_loss, sgdLoss)).toBeLessThan(1e-12);
    expect(relErr(res.sgd.val_loss, sgdVal.map((v) => v.loss))).toBeLessThan(1e-12);
    expect(res.sgd.val_acc).toEqual(sgdVal.map((v) => v.accuracy));
    expect(relErr(res.ntk.train_loss, ntkLoss)).toBeLessThan(1e-12);
    expect(relErr(res.sgd_alone.train_loss, aloneLoss)).toBeLessThan(1e-12);
    // the final model is the hybrid's
    const finalTheta = res.model.layers.flatMap((l: any) => [...l.b.data, ...l.W.data]);
    expect(relErr(finalTheta, theta)).toBeLessThan(1e-12);
    // the table compares the hybrid with SGD alone over the same 5 epochs
    expect(r.stdout).toMatch(/SGD 2 → NTK-1 3\s+5\s/);
    expect(r.stdout).toMatch(/SGD alone\s+5\s/);
  });

  it('a shipped data set by name, a seeded split, standardisation, ntk-norm, and the report', () => {
    const out = join(dir, 'iris.json'), page = join(dir, 'iris.html');
    const r = run('hybrid', '--data', 'iris', '--layers', '4,16,3', '--standardize', '--switch', 'ntk-norm:1:1e9', '--monitor-points', '32', '--sgd-lr', '0.1', '--batch', '16',
      '--ntk-lr', '0.5', '--ntk-epochs', '2', '--seed', '3', '--out', out, '--report', page);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(res.data).toMatchObject({ source: 'iris', n_train: 120, n_val: 30, n_features: 4 });
    expect(res.settings).toMatchObject({ monitor_points: 32, standardize: true, seed: 3 });
    // T = 1e9 fires as soon as the window (K = 1) fills
    expect(res.epoch_at_switch).toBe(1);
    expect(res.sgd.ntk_distance).toHaveLength(1);
    expect(res.sgd.ntk_distance[0]).toBeGreaterThan(0);
    expect(res.sgd.monitor[0]).toBeCloseTo(res.sgd.ntk_distance[0], 12);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/switch \(epoch 1\)/);
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4);
    // the same run again gives the same numbers (seeded split, batches and model)
    const again = join(dir, 'iris2.json');
    expect(run('hybrid', '--data', 'iris', '--layers', '4,16,3', '--standardize', '--switch', 'ntk-norm:1:1e9', '--monitor-points', '32', '--sgd-lr', '0.1', '--batch', '16',
      '--ntk-lr', '0.5', '--ntk-epochs', '2', '--seed', '3', '--out', again).status).toBe(0);
    const res2 = JSON.parse(readFileSync(again, 'utf8'));
    expect(res2.ntk.train_loss).toEqual(res.ntk.train_loss);
  });

  it('scout:E prints both monitors per epoch; a rule that never fires is flagged with advice, exit 0', () => {
    const s = run('hybrid', '--model', modelFile, '--data', trainCsv, '--val', valCsv, '--switch', 'scout:3', '--sgd-lr', '0.3', '--batch', '5', '--monitor-points', '8');
    expect(s.status).toBe(0);
    expect(s.stderr).toMatch(/epoch\s+param-norm m_e \(K=1\)\s+ntk d_e\s+ntk m_e \(K=1\)/);
    const scout = JSON.parse(s.stdout);
    expect(scout.switched).toBe(false);
    expect(scout.sgd.monitor).toHaveLength(3);
    expect(scout.sgd.ntk_monitor).toHaveLength(3);
    expect(scout.sgd_alone).toBeNull();
    // --monitor FILE: that file's features are the monitor points
    const m = run('hybrid', '--model', modelFile, '--data', trainCsv, '--val', valCsv, '--switch', 'scout:2', '--sgd-lr', '0.3', '--batch', '5', '--monitor', valCsv);
    expect(m.status).toBe(0);
    expect(JSON.parse(m.stdout).settings.monitor_points).toBe(8);
    const n = run('hybrid', '--model', modelFile, '--data', trainCsv, '--val', valCsv, '--switch', 'param-norm:1:1e-30', '--max-sgd-epochs', '2', '--sgd-lr', '0.3', '--batch', '5', '--ntk-lr', '1', '--ntk-epochs', '1', '--out', join(dir, 'never.json'));
    expect(n.status).toBe(0);
    expect(n.stdout).toMatch(/no switch within 2 SGD epochs \(--switch param-norm:1:1e-30; last m_e [\d.e+-]+\)/);
    expect(JSON.parse(readFileSync(join(dir, 'never.json'), 'utf8'))).toMatchObject({ switched: false, epoch_at_switch: null });
  });

  it('bad input gets one line naming the problem', () => {
    const base = ['hybrid', '--model', modelFile, '--data', trainCsv, '--switch', 'fixed:1', '--sgd-lr', '0.1', '--batch', '4', '--ntk-lr', '0.1', '--ntk-epochs', '1'];
    const cases: [string[], RegExp][] = [
      [[...base, '--val', put('val-new-class.csv', 'f1,f2,f3,animal\n1,2,3,yak\n1,2,3,cat\n')], /class 'yak' is not among the training classes \(cat, dog, emu\)/],
      [[...base, '--monitor-points', '8'], /--monitor-points does not apply to --switch fixed/],
      [[...base, '--data', 'mnist'], /data 'mnist' is neither a file nor a shipped data set \(shipped: digits, iris\)/],
      [[...base, '--data', put('gap.csv', 'f1,f2,f3,animal\n1,,3,cat\n')], /gap\.csv.*line 2.*f2/],
      [['hybrid', '--data', 'iris', '--layers', '4,8,2', '--switch', 'fixed:1', '--sgd-lr', '0.1', '--batch', '4', '--ntk-lr', '0.1', '--ntk-epochs', '1'], /the model has 2 outputs, the data has 3 classes/],
      [[...base.filter((a) => a !== '--sgd-lr' && a !== '0.1'), '--ntk-lr', '0.1'], /--sgd-lr is required/],
      [[...base, '--switch', 'ntk-norm:2'], /'ntk-norm:2' should read ntk-norm:K:T/],
      [['hybrid', '--model', modelFile, '--data', trainCsv, '--switch', 'scout:2', '--sgd-lr', '0.1', '--batch', '4', '--ntk-epochs', '3'], /--ntk-epochs does not apply to --switch scout:E/],
    ];
    for (const [args, want] of cases) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(want);
    }
  });
});

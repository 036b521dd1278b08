// The hybrid loop against an independent float64 computation: with the batch
// equal to the training set every step is deterministic, so the per-epoch
// metrics, the monitors, the switch epoch and the final θ must equal a
// hand-written MLP (explicit Jacobians, explicit NTKs) run through the rules.
// With mini-batches, the SGD-alone comparison must equal plain SGD run on.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { createKan } from '../../src/kan/build.js';
import type { KanModel } from '../../src/kan/model.js';
import { trainHybrid, type HybridOptions } from '../../src/classify/hybrid.js';
import { parseSwitchRule } from '../../src/classify/switch-rules.js';
import { createSeededRandom } from '../../src/math/random.js';
import { makeBackend, precisionOf, TEST_BACKENDS } from '../helpers/engines.js';
import { relErr } from '../helpers/nd.js';
import { mlpLossGrad, mlpNtk, mlpNtk1Step } from '../helpers/mlp-reference.js';

const DIMS = [3, 5, 3];

function makeSet(n: number, seed: number) {
  const rng = createSeededRandom(seed);
  const x = Float64Array.from({ length: n * 3 }, () => rng.normal());
  // a class from a fixed linear score, so that training has something to find
  const labels = Int32Array.from({ length: n }, (_, a) => {
    const s = [x[a * 3] + 0.5 * x[a * 3 + 1], x[a * 3 + 1] - x[a * 3 + 2], 0.3];
    return s.indexOf(Math.max(...s));
  });
  return { x: { shape: [n, 3], data: x }, labels };
}

const train = makeSet(12, 1), val = makeSet(6, 2), monitor = makeSet(5, 3).x;
const newModel = (): KanModel => createKan({ layerDims: DIMS, layer: 'dense', activation: 'relu', init: { type: 'glorot' }, seed: 4 } as never);

/** The reference run: full-batch SGD with monitors, the switch, NTK-1 and SGD alone. */
function reference(rule: ReturnType<typeof parseSwitchRule>, limit: number, sgdLr: number, ntkLr: number, ntkEpochs: number) {
  let theta = newModel().flatParams();
  const thetas = [theta], K0 = mlpNtk(DIMS, theta, monitor), d = [0];
  const out = { trainLoss: [] as number[], valAcc: [] as number[], monitor: [] as (number | null)[], distance: [] as number[], switchAt: null as number | null, theta: theta, baselineTheta: theta, ntkLoss: [] as number[] };
  const win = rule.kind === 'param-norm' || rule.kind === 'ntk-norm' ? rule.window : 1;
  for (let e = 1; e <= limit; e++) {
    theta = theta.map((v, q) => v - sgdLr * mlpLossGrad(DIMS, thetas[e - 1], train.x, train.labels).grad[q]);
    thetas.push(theta);
    const K = mlpNtk(DIMS, theta, monitor);
    d.push(Math.sqrt(K.reduce((s, v, i) => s + (v - K0[i]) ** 2, 0)));
    out.distance.push(d[e]);
    let m: number | null = null;
    if (rule.kind === 'param-norm' && e >= win) m = Math.sqrt(theta.reduce((s, v, q) => s + (v - thetas[e - win][q]) ** 2, 0));
    if (rule.kind === 'ntk-norm' && e >= win) m = Math.abs(d[e] - d[e - win]);
    out.monitor.push(m);
    out.trainLoss.push(mlpLossGrad(DIMS, theta, train.x, train.labels).loss);
    out.valAcc.push(mlpLossGrad(DIMS, theta, val.x, val.labels).accuracy);
    const fire = rule.kind === 'fixed' ? e >= rule.epoch : m !== null && m < (rule as { threshold: number }).threshold;
    if (fire) {
      out.switchAt = e;
      break;
    }
  }
  if (out.switchAt !== null) {
    const theta0 = theta;
    let base = theta;
    for (let k = 0; k < ntkEpochs; k++) {
      theta = mlpNtk1Step(DIMS, theta0, theta, train.x, train.labels, ntkLr);
      out.ntkLoss.push(mlpLossGrad(DIMS, theta, train.x, train.labels).loss);
      base = base.map((v, q, b) => v - sgdLr * mlpLossGrad(DIMS, b, train.x, train.labels).grad[q]);
    }
    out.baselineTheta = base;
  }
  out.theta = theta;
  return out;
}

describe('trainHybrid', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await makeBackend('wasm');
  });
  afterAll(() => backend?.dispose());

  async function run(options: Partial<HybridOptions> & Pick<HybridOptions, 'switchRule'>) {
    const bound = newModel().bind(backend);
    try {
      const result = await trainHybrid(bound, train, val, { sgdLr: 0.5, batchSize: 12, ntkLr: 0.4, ntkEpochs: 3, monitor, ...options });
      return { result, theta: await bound.readFlatParams() };
    } finally {
      bound.dispose();
    }
  }

  function expectMatches(got: Awaited<ReturnType<typeof run>>, want: ReturnType<typeof reference>) {
    const { result } = got;
    expect(result.epochAtSwitch).toBe(want.switchAt);
    expect(result.switched).toBe(want.switchAt !== null);
    expect(relErr(result.sgd.trainLoss, want.trainLoss)).toBeLessThan(1e-12);
    expect(result.sgd.valAcc).toEqual(want.valAcc);
    expect(result.sgd.monitor.map((m) => m === null)).toEqual(want.monitor.map((m) => m === null));
    expect(relErr(result.sgd.monitor.map((m) => m ?? 0), want.monitor.map((m) => m ?? 0))).toBeLessThan(1e-10);
    if (result.switched) expect(relErr(result.ntk.trainLoss, want.ntkLoss)).toBeLessThan(1e-12);
    expect(relErr(got.theta, want.theta)).toBeLessThan(1e-12);
  }

  it('fixed:E switches at E; NTK-1 and the SGD-alone comparison equal the float64 reference', async () => {
    const rule = parseSwitchRule('fixed:3');
    const want = reference(rule, 3, 0.5, 0.4, 3);
    const got = await run({ switchRule: rule });
    expectMatches(got, want);
    expect(got.result.ntk.trainLoss).toHaveLength(3);
    // SGD alone: its last epoch's loss is the reference's after 3 more full-batch steps
    expect(relErr([got.result.baseline!.trainLoss[2]], [mlpLossGrad(DIMS, want.baselineTheta, train.x, train.labels).loss])).toBeLessThan(1e-12);
    expect(got.result.sgd.ntkDistance).toBeNull();
    expect(got.result.initial.trainLoss).toBeCloseTo(mlpLossGrad(DIMS, newModel().flatParams(), train.x, train.labels).loss, 12);
  });

  it('param-norm:K:T switches at the first epoch whose ‖θ_e − θ_{e−K}‖ falls below T', async () => {
    // the threshold is placed from the reference's own monitor values, between two epochs
    const probe = reference(parseSwitchRule('param-norm:2:1e-300'), 8, 0.5, 0.4, 2);
    const ms = probe.monitor.filter((m): m is number => m !== null);
    const T = (ms[3] + ms[2]) / 2;
    const rule = parseSwitchRule(`param-norm:2:${T}`);
    const want = reference(rule, 8, 0.5, 0.4, 2);
    expect(want.switchAt).not.toBeNull();
    expectMatches(await run({ switchRule: rule, ntkEpochs: 2, maxSgdEpochs: 8 }), want);
  });

  it('ntk-norm:K:T: d_e = ‖K_e − K_0‖_F on the monitor points (K summed over classes), m_e = |d_e − d_{e−K}|', async () => {
    const probe = reference(parseSwitchRule('ntk-norm:1:1e-300'), 8, 0.5, 0.4, 2);
    const ms = probe.monitor.filter((m): m is number => m !== null);
    const T = [...ms].sort((a, b) => a - b)[3] * (1 + 1e-6);
    const rule = parseSwitchRule(`ntk-norm:1:${T}`);
    const want = reference(rule, 8, 0.5, 0.4, 2);
    const got = await run({ switchRule: rule, ntkEpochs: 2, maxSgdEpochs: 8 });
    expectMatches(got, want);
    expect(relErr(got.result.sgd.ntkDistance!, want.distance)).toBeLessThan(1e-10);
  });

  it('no switch within --max-sgd-epochs: flagged, no NTK phase, not an error', async () => {
    const rule = parseSwitchRule('param-norm:1:1e-300');
    const want = reference(rule, 4, 0.5, 0.4, 2);
    const got = await run({ switchRule: rule, maxSgdEpochs: 4 });
    expectMatches(got, want);
    expect(got.result).toMatchObject({ switched: false, epochAtSwitch: null, sgdEpochLimit: 4, baseline: null });
    expect(got.result.ntk.trainLoss).toEqual([]);
  });

  it('scout:E runs E epochs and records param-norm (K = 1) and the NTK distance every epoch', async () => {
    const got = await run({ switchRule: parseSwitchRule('scout:4'), ntkLr: undefined, ntkEpochs: undefined });
    const want = reference(parseSwitchRule('param-norm:1:1e-300'), 4, 0.5, 0, 0);
    const wantNtk = reference(parseSwitchRule('ntk-norm:1:1e-300'), 4, 0.5, 0, 0);
    expect(got.result.switched).toBe(false);
    expect(got.result.sgd.trainLoss).toHaveLength(4);
    expect(relErr(got.result.sgd.monitor as number[], want.monitor as number[])).toBeLessThan(1e-10);
    expect(relErr(got.result.sgd.ntkMonitor as number[], wantNtk.monitor as number[])).toBeLessThan(1e-10);
    expect(relErr(got.result.sgd.ntkDistance!, want.distance)).toBeLessThan(1e-10);
  });

  it('mini-batches: SGD alone after the switch is the same run as SGD that never switched', async () => {
    const hybrid = (await run({ switchRule: parseSwitchRule('fixed:2'), batchSize: 5, ntkEpochs: 3 })).result;
    const plain = (await run({ switchRule: parseSwitchRule('fixed:5'), batchSize: 5, ntkEpochs: 0 })).result;
    expect(hybrid.sgd.trainLoss).toEqual(plain.sgd.trainLoss.slice(0, 2));
    expect(hybrid.baseline!.trainLoss).toEqual(plain.sgd.trainLoss.slice(2));
    expect(hybrid.baseline!.valAcc).toEqual(plain.sgd.valAcc.slice(2));
  });

  it('names bad input', async () => {
    const fixed = parseSwitchRule('fixed:2');
    await expect(run({ switchRule: fixed, maxSgdEpochs: 1 })).rejects.toThrow(/fixed:2 can never switch within maxSgdEpochs = 1/);
    await expect(run({ switchRule: parseSwitchRule('ntk-norm:1:0.1'), monitor: undefined })).rejects.toThrow(/ntk-norm rule needs monitor points/);
    await expect(run({ switchRule: fixed, ntkLr: 0 })).rejects.toThrow(/ntkLr must be a positive number/);
    await expect(run({ switchRule: parseSwitchRule('scout:2'), maxSgdEpochs: 5 })).rejects.toThrow(/scout:E runs exactly E epochs/);
    await expect(run({ switchRule: fixed, sgdLr: 1e300 })).rejects.toThrow(/training loss became (NaN|Infinity) after SGD epoch 1: the learning rate 1e\+300 is too large/);
    const bound = newModel().bind(backend);
    try {
      const bad = { x: train.x, labels: Int32Array.from(train.labels, (c) => (c === 2 ? 3 : c)) };
      await expect(trainHybrid(bound, bad, undefined, { switchRule: fixed, sgdLr: 0.1, batchSize: 4, ntkLr: 0.1, ntkEpochs: 1 })).rejects.toThrow(/label 3 at row \d+ is not a class index below 3/);
      const nan = { x: { shape: [12, 3], data: Float64Array.from(train.x.data, (v, i) => (i === 7 ? NaN : v)) }, labels: train.labels };
      await expect(trainHybrid(bound, nan, undefined, { switchRule: fixed, sgdLr: 0.1, batchSize: 4, ntkLr: 0.1, ntkEpochs: 1 })).rejects.toThrow(/input NaN at row 2, column 1/);
    } finally {
      bound.dispose();
    }
  });
});

describe('trainHybrid on every backend', () => {
  for (const name of TEST_BACKENDS) {
    it(`${name}: fixed:3: SGD and NTK-1 agree with the float64 reference within the backend's precision`, async () => {
      const backend = await makeBackend(name);
      const bound = newModel().bind(backend);
      try {
        const rule = parseSwitchRule('fixed:3');
        const r = await trainHybrid(bound, train, val, { switchRule: rule, sgdLr: 0.5, batchSize: 12, ntkLr: 0.4, ntkEpochs: 3 });
        const want = reference(rule, 3, 0.5, 0.4, 3);
        const tol = precisionOf(name) === 'f64' ? 1e-12 : 1e-4;
        expect(relErr(r.sgd.trainLoss, want.trainLoss)).toBeLessThan(tol);
        expect(relErr(r.ntk.trainLoss, want.ntkLoss)).toBeLessThan(tol);
        expect(relErr(await bound.readFlatParams(), want.theta)).toBeLessThan(tol);
      } finally {
        bound.dispose();
        backend.dispose();
      }
    });
  }
});

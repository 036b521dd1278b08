// Seeded fuzzing of the command line, in process (runCli): every command gets
// valid invocations with exactly one thing broken — a malformed model, array,
// CSV or result file (truncated, wrong types, NaN/Infinity, huge and negative
// sizes, other format versions), a flag value that is not a valid number or
// name, an unknown or misplaced flag, a missing required flag, a stray
// argument. Each case must fail with status 1 and one line that starts with
// "kanntk:" — no stack trace, no "internal error" — and leave the output file
// and its folder as they were.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createRandom, type Random } from '../helpers/random.js';

const CASES = 6000;

const dir = mkdtempSync(join(tmpdir(), 'kanntk-fuzz-'));
const outDir = join(dir, 'out');
const SENTINEL = join(outDir, 'result.json');
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** A kan-model/2 copy of `model` with every edge the closed form x (so `formula` can read it). */
function allClosedForm(model: any) {
  const layers = model.layers.map((l: any) => {
    const edges = Array.from({ length: l.n_out * l.n_in }, (_, e) => ({ out: Math.floor(e / l.n_in), in: e % l.n_in, fn: 'x' }));
    return { ...l, edge_mask: { shape: [l.n_out, l.n_in], data: new Array(edges.length).fill(0) }, symbolic: edges, symbolic_affine: { shape: [edges.length, 4], data: edges.flatMap(() => [1, 0, 0.5, 0]) } };
  });
  return { ...model, format: 'kan-model/2', layers };
}

/** Malformed contents for each kind of input file, each broken in one way. */
function badFiles(model: any, x: any, y: any) {
  const json = (v: unknown) => JSON.stringify(v);
  const layer0 = model.layers[0];
  const models = [
    json(model).slice(0, 200), '', 'null', '[]', '42', '"kan-model/1"', '{}',
    json({ ...model, format: 'kan-model/3' }), json({ ...model, format: undefined }), json({ ...model, format: 7 }),
    json({ ...model, layers: 'many' }), json({ ...model, layers: [] }), json({ ...model, layers: [null] }),
    json({ ...model, layers: [{ ...layer0, type: 'wavelet' }] }),
    json({ ...model, layers: [{ ...layer0, n_in: -2 }] }), json({ ...model, layers: [{ ...layer0, n_in: 1e9 }] }),
    json({ ...model, layers: [{ ...layer0, n_in: 2.5 }] }), json({ ...model, layers: [{ ...layer0, G: 1e12 }] }),
    json({ ...model, layers: [{ ...layer0, k: -1 }] }), json({ ...model, layers: [{ ...layer0, n_out: 'wide' }] }),
    json(model).replace(/"c_basis":\{"shape":\[[^\]]*\]/, '"c_basis":{"shape":[1,1,1]'),
    json(model).replace(/-?\d+\.\d+(e-?\d+)?/, 'NaN'), json(model).replace(/-?\d+\.\d+(e-?\d+)?/, '1e999'),
    json(model).replace(/-?\d+\.\d+(e-?\d+)?/, '"0.5"'), json(model).replace(/-?\d+\.\d+(e-?\d+)?/, 'null'),
    json({ ...model, layers: [...model.layers, ...model.layers] }),
    json({ ...model, layers: [{ ...layer0, edge_mask: { shape: [layer0.n_out, layer0.n_in], data: new Array(layer0.n_out * layer0.n_in).fill(1) } }, ...model.layers.slice(1)] }),
    json({ ...model, format: 'kan-model/2', layers: [{ ...layer0, symbolic: 'sin' }, ...model.layers.slice(1)] }),
    json({ ...model, format: 'kan-model/2', layers: [{ ...layer0, symbolic: [{ out: 0, in: 0, fn: 'sin' }], symbolic_affine: { shape: [1, 4], data: [1, 0, NaN, 0] } }, ...model.layers.slice(1)] }),
  ];
  const arrays = [
    json(x).slice(0, 40), '', 'null', '[1, 2, 3]', '{"shape": [2, 2]}', '{"data": [1, 2]}',
    json({ shape: [2, 2], data: [1, 2, 3] }), json({ shape: [-2, 2], data: [] }), json({ shape: [1.5, 2], data: [1, 2, 3] }),
    json({ shape: [1e9, 2], data: [1, 2] }), json({ shape: [0, 2], data: [] }), json({ shape: ['2', 1], data: [1, 2] }),
    json({ shape: [2, 2], data: [1, 2, 3, '4'] }), json({ shape: [2, 2], data: [1, 2, 3, null] }),
    json({ shape: [2, 2], data: [[1, 2], [3, 4]] }), '{"shape": [2, 2], "data": [1, 2, 3, NaN]}',
    '{"shape": [2, 2], "data": [1, 2, 3, 1e999]}', '{"shape": [2, 2], "data": [1, 2, 3, -1e999]}',
    json({ shape: [4], data: [1, 2, 3, 4] }), json({ shape: [2, 2, 2], data: new Array(8).fill(0) }),
    json({ shape: [2, 3], data: new Array(6).fill(0) }), json({ shape: [3, 1], data: [1, 2, 3] }),
    'x0,x1\n0.1,0.2\n0.3,', 'x0,x1\n0.1,abc\n', '\u0000\u0001binary',
  ];
  const results = ['', '{}', '[]', '{"runs": 3, "protocol": {}}', '{"runs": [{"function": "f1"}], "protocol": {}}', '{"eigenvalues": "many"}', json(y),
    '{"switch_rule": "fixed:1", "sgd": {}, "ntk": {}}', '{"switch_rule": "fixed:1", "sgd": {"train_loss": 1}, "ntk": {}}'];
  // classification data files (CSV; ARFF where the name ends in .arff): [name, text]
  const head = 'x0,x1,label\n';
  const data: [string, string][] = [
    ['empty.csv', ''], ['header-only.csv', head], ['short-row.csv', head + '1,2\n3,4,b\n'], ['missing.csv', head + '1,,a\n2,3,b\n'],
    ['text.csv', head + '1,abc,a\n2,3,b\n'], ['nan.csv', head + '1,NaN,a\n2,3,b\n'], ['inf.csv', head + '1,1e999,a\n2,3,b\n'],
    ['one-class.csv', head + '1,2,a\n3,4,a\n'], ['quote.csv', head + '"1,2,a\n3,4,b\n'], ['one-feature.csv', 'x0,label\n1,a\n2,b\n3,a\n'],
    ['three-classes.csv', head + '1,2,a\n3,4,b\n5,6,c\n7,8,a\n'], ['binary.csv', '\u0000\u0001binary'],
    ['no-data.arff', '@relation r\n@attribute x0 numeric\n@attribute x1 numeric\n@attribute c {a,b}\n'],
    ['bad-value.arff', '@relation r\n@attribute x0 numeric\n@attribute x1 numeric\n@attribute c {a,b}\n@data\n1,?,a\n2,3,b\n'],
    ['no-header.arff', '1,2,a\n'],
  ];
  return { models, arrays, results, data, targets: [...arrays, json({ shape: [y.shape[0] + 1, 1], data: new Array(y.shape[0] + 1).fill(0) })] };
}

/** Flag values that are never a valid number, name or list. */
const BAD_VALUES = ['', '0x10', 'Infinity', '-Infinity', 'NaN', '1e999', 'abc', '1,5', '12abc', '١٢', '1_000', '+-1', '.', 'e5', ' '];
const BAD_INTEGERS = ['1.5', '-1', '2.000001', '1e-3'];

interface CommandSpec {
  base: () => string[];
  /** flags whose value is a file of this kind */
  files: Record<string, 'model' | 'array' | 'target' | 'result' | 'data'>;
  /** numeric flags (integers listed in `integers`) */
  numbers: string[];
  integers: string[];
  /** flags with a fixed set of names */
  names: string[];
  /** flags the base invocation cannot do without */
  required: string[];
  /** switches (take no value) */
  switches: string[];
  /** --out is a file the command would write */
  out: boolean;
}

let files: { model: string; x: string; y: string; labels: string; result: string; data: string; symbolic: string };
let bad: ReturnType<typeof badFiles>;
let badPaths: Record<'model' | 'array' | 'target' | 'result' | 'data', string[]>;

const COMMANDS: Record<string, CommandSpec> = {
  forward: { base: () => ['forward', '--model', files.model, '--input', files.x, '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: [], integers: [], names: ['backend'], required: ['model', 'input'], switches: [], out: true },
  grad: { base: () => ['grad', '--model', files.model, '--input', files.x, '--target', files.y, '--backend', 'wasm'], files: { model: 'model', input: 'array', target: 'target' }, numbers: [], integers: [], names: ['backend', 'loss'], required: ['model', 'input', 'target'], switches: [], out: true },
  train: { base: () => ['train', '--model', files.model, '--input', files.x, '--target', files.y, '--steps', '2', '--lr', '0.01', '--seed', '1', '--backend', 'wasm'], files: { model: 'model', input: 'array', target: 'target' }, numbers: ['steps', 'lr', 'seed'], integers: ['steps', 'seed'], names: ['backend', 'loss', 'optimizer'], required: ['input', 'target'], switches: [], out: true },
  'train-new': { base: () => ['train', '--layers', '2,3,1', '--G', '4', '--k', '3', '--init', 'glorot', '--input', files.x, '--target', files.y, '--steps', '2', '--backend', 'wasm'], files: { input: 'array', target: 'target' }, numbers: ['G', 'k', 'steps'], integers: ['G', 'k', 'steps'], names: ['init', 'layer', 'layers'], required: ['input', 'target'], switches: [], out: true },
  ntk: { base: () => ['ntk', '--model', files.model, '--input', files.x, '--top', '3', '--gamma', '0.001', '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: ['top', 'gamma'], integers: ['top'], names: ['method', 'backend'], required: ['model', 'input'], switches: ['matrix', 'eigenvectors'], out: true },
  hessian: { base: () => ['hessian', '--model', files.model, '--input', files.x, '--target', files.y, '--top', '2', '--seed', '3', '--backend', 'wasm'], files: { model: 'model', input: 'array', target: 'target' }, numbers: ['top', 'bottom', 'seed', 'trace-samples'], integers: ['top', 'bottom', 'seed', 'trace-samples'], names: ['loss', 'backend'], required: ['model', 'input', 'target'], switches: ['trace', 'density'], out: true },
  landscape: { base: () => ['landscape', '--from', files.model, '--to', files.model, '--input', files.x, '--target', files.y, '--alphas', '0,0.5,1', '--backend', 'wasm'], files: { from: 'model', to: 'model', input: 'array', target: 'target' }, numbers: ['alphas'], integers: [], names: ['loss', 'backend', 'interpolate'], required: ['from', 'to', 'input', 'target'], switches: ['density'], out: true },
  residual: { base: () => ['residual', '--model', files.model, '--pde', 'burgers', '--input', files.x, '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: [], integers: [], names: ['pde', 'backend'], required: ['model', 'pde', 'input'], switches: [], out: true },
  study: { base: () => ['study', '--functions', 'f1', '--models', 'small', '--inits', 'glorot', '--epochs', '2', '--points', '40', '--ntk-points', '8', '--backend', 'wasm', '--out', join(outDir, 'study')], files: {}, numbers: ['epochs', 'points', 'ntk-points', 'seed'], integers: ['epochs', 'points', 'ntk-points', 'seed'], names: ['functions', 'models', 'inits', 'preset'], required: [], switches: ['full'], out: false },
  hybrid: {
    base: () => ['hybrid', '--data', files.data, '--layers', '2,4,2', '--switch', 'fixed:1', '--sgd-lr', '0.1', '--batch', '4', '--ntk-lr', '0.1', '--ntk-epochs', '1', '--val-fraction', '0.25', '--seed', '2', '--backend', 'wasm'],
    files: { data: 'data' }, numbers: ['sgd-lr', 'batch', 'ntk-lr', 'ntk-epochs', 'val-fraction', 'seed', 'max-sgd-epochs'], integers: ['batch', 'ntk-epochs', 'seed', 'max-sgd-epochs'],
    names: ['switch', 'variant', 'layer', 'layers', 'label', 'backend'], required: ['data', 'switch', 'sgd-lr', 'batch', 'ntk-lr', 'ntk-epochs', 'layers'], switches: ['standardize', 'no-baseline'], out: true,
  },
  discover: { base: () => ['discover', '--input', files.x, '--target', files.y, '--steps', '2', '--hidden', '2', '--lib', 'x,sin', '--backend', 'wasm'], files: { input: 'array', target: 'target' }, numbers: ['steps', 'G', 'lamb', 'seed', 'digits'], integers: ['steps', 'G', 'seed', 'digits'], names: ['hidden', 'backend'], required: ['input', 'target'], switches: [], out: true },
  prune: { base: () => ['prune', '--model', files.model, '--input', files.x, '--node-threshold', '0.01', '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: ['node-threshold', 'edge-threshold'], integers: [], names: ['backend'], required: ['model', 'input'], switches: ['mask'], out: true },
  symbolic: { base: () => ['symbolic', '--model', files.model, '--input', files.x, '--lib', 'x,sin', '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: ['weight-simple'], integers: [], names: ['backend'], required: ['model', 'input'], switches: [], out: true },
  formula: { base: () => ['formula', '--model', files.symbolic, '--digits', '5'], files: { model: 'model' }, numbers: ['digits'], integers: ['digits'], names: [], required: ['model'], switches: ['no-simplify'], out: true },
  // --input is optional (points are drawn without it): only --model is required
  plot: { base: () => ['plot', '--model', files.model, '--input', files.x, '--backend', 'wasm'], files: { model: 'model', input: 'array' }, numbers: [], integers: [], names: ['backend'], required: ['model'], switches: [], out: true },
  report: { base: () => ['report', files.result, '--out', SENTINEL], files: {}, numbers: [], integers: [], names: [], required: [], switches: [], out: false },
  demo: { base: () => ['demo', '--port', '0'], files: {}, numbers: ['port'], integers: ['port'], names: [], required: [], switches: [], out: false },
};

/** A base invocation of `name` with exactly one thing broken. */
function brokenCase(name: string, rnd: Random): string[] {
  const spec = COMMANDS[name];
  const args = spec.base();
  const pick = <T>(xs: T[]): T => xs[rnd.int(0, xs.length)];
  const setFlag = (flag: string, value: string | null) => {
    const i = args.indexOf(`--${flag}`);
    if (i >= 0) {
      if (value === null) args.splice(i + 1, 1);
      else args[i + 1] = value;
    } else if (value === null) args.push(`--${flag}`);
    else args.push(`--${flag}`, value);
  };
  const kinds: (() => void)[] = [
    () => args.push(`--${pick(['colour', 'stepz', 'x', 'top-k', 'verbose'])}`, '1'),
    () => args.push(pick(['extra.json', 'now', '42'])),
  ];
  const fileFlags = Object.keys(spec.files);
  if (fileFlags.length) kinds.push(() => { const f = pick(fileFlags); setFlag(f, pick(badPaths[spec.files[f]])); });
  if (fileFlags.length) kinds.push(() => setFlag(pick(fileFlags), join(dir, 'missing', `${rnd.int(0, 1000)}.json`)));
  if (name === 'report') kinds.push(() => { args[1] = pick(badPaths.result); });
  // '1,5' is a fine --alphas list, not a bad number
  if (spec.numbers.length) kinds.push(() => { const f = pick(spec.numbers); setFlag(f, pick(BAD_VALUES.filter((v) => f !== 'alphas' || v !== '1,5'))); });
  if (spec.integers.length) kinds.push(() => setFlag(pick(spec.integers), pick(BAD_INTEGERS)));
  if (spec.names.length) kinds.push(() => setFlag(pick(spec.names), pick(['nope', 'f9', 'wasm,webgpu', 'GLOROT', '0', '-'])));
  if (spec.required.length) kinds.push(() => { const f = pick(spec.required); const i = args.indexOf(`--${f}`); args.splice(i, 2); });
  if (spec.switches.length) kinds.push(() => setFlag(pick(spec.switches), 'yes'));
  if (spec.numbers.length + spec.names.length) kinds.push(() => setFlag(pick([...spec.numbers, ...spec.names]), null));
  pick(kinds)();
  if (spec.out && !args.includes('--out')) args.push('--out', SENTINEL);
  return args;
}

describe(`CLI fuzzing: ${CASES} seeded broken invocations`, () => {
  beforeAll(() => {
    const fx = loadFixture('kan_forward_spline_small.json');
    const x = { shape: [8, 2], data: fx.x.data.slice(0, 16) };
    const y = { shape: [8, 1], data: fx.y.data.slice(0, 8) };
    files = {
      model: put('model.json', JSON.stringify(fx.model)), x: put('x.json', JSON.stringify(x)), y: put('y.json', JSON.stringify(y)),
      labels: put('labels.json', JSON.stringify({ shape: [8], data: [0, 1, 0, 1, 0, 1, 0, 1] })),
      result: put('spectrum.json', JSON.stringify({ eigenvalues: [3, 2, 1], effective_rank: 2 })),
      symbolic: put('symbolic.json', JSON.stringify(allClosedForm(fx.model))),
      data: put('classes.csv', 'x0,x1,label\n' + Array.from({ length: 8 }, (_, i) => `${fx.x.data[2 * i]},${fx.x.data[2 * i + 1]},${i % 2 ? 'b' : 'a'}`).join('\n') + '\n'),
    };
    bad = badFiles(fx.model, x, y);
    badPaths = {
      model: bad.models.map((t, i) => put(`bad-model-${i}.json`, t)),
      array: bad.arrays.map((t, i) => put(`bad-array-${i}.json`, t)),
      target: bad.targets.map((t, i) => put(`bad-target-${i}.json`, t)),
      result: bad.results.map((t, i) => put(`bad-result-${i}.json`, t)),
      data: bad.data.map(([name, t]) => put(`bad-data-${name}`, t)),
    };
    writeFileSync(join(dir, 'keep'), '');
    rmSync(outDir, { recursive: true, force: true });
    writeFileSync(join(dir, '.placeholder'), '');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every case exits 1 with one line naming the problem, and writes nothing', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(SENTINEL, 'precious');
    const rnd = createRandom(20261206);
    const names = Object.keys(COMMANDS);
    let stdout = '', stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => ((stderr += String(chunk)), true));
    const failures: string[] = [];
    const reasons = new Set<string>();
    const byCommand: Record<string, number> = {};
    try {
      for (let c = 0; c < CASES; c++) {
        const name = names[c % names.length];
        const args = brokenCase(name, rnd);
        stdout = '';
        stderr = '';
        const code = await runCli(args);
        const lines = stderr.trim().split('\n');
        const problem =
          code !== 1 ? `exit ${code}` :
          lines.length !== 1 || !lines[0].startsWith('kanntk: ') ? `stderr: ${JSON.stringify(stderr.slice(0, 300))}` :
          /internal error|\n\s+at /.test(stderr) ? `internal: ${stderr.slice(0, 300)}` :
          readFileSync(SENTINEL, 'utf8') !== 'precious' ? 'the output file changed' :
          readdirSync(outDir).join(',') !== 'result.json' ? `new files: ${readdirSync(outDir).join(',')}` : '';
        reasons.add(stderr.replace(/'[^']*'/g, "'…'").replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, '#').trim());
        if (problem) {
          failures.push(`${args.map((a) => a.replace(dir, '…')).join(' ')} → ${problem}`);
          // put things back so that one failure does not spill into the next cases
          rmSync(outDir, { recursive: true, force: true });
          mkdirSync(outDir, { recursive: true });
          writeFileSync(SENTINEL, 'precious');
        }
        byCommand[name] = (byCommand[name] ?? 0) + 1;
      }
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    console.log(`fuzzed ${CASES} cases: ${JSON.stringify(byCommand)}; ${reasons.size} distinct messages; ${failures.length} failed`);
    // the cases reach far into the commands, not just the argument parser
    expect(reasons.size).toBeGreaterThan(60);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});

// The interpretable-KAN commands (pykan's workflow):
//   kanntk discover --input X --target Y [--lib x,sin,…] [--hidden 5] [--lamb 0.01] [--seed S] [--out r.json]
//   kanntk prune --model M --input X [--node-threshold 1e-2] [--edge-threshold 3e-2] [--mask] [--out M2]
//   kanntk symbolic --model M --input X [--lib …] [--weight-simple 0.8] [--edge L,O,I --fn NAME] [--out M2]
//   kanntk formula --model M [--digits 6] [--out f.json]
//   kanntk plot --model M [--input X] --out kan.svg

import { KanntkError } from '../../errors.js';
import { checkFlags, integerFlag, numberFlag, rejectFlags, stringFlag, switchFlag, widthList, type ParsedArgs } from '../args.js';
import { readArrayFile, readModelFile } from '../inputs.js';
import { startRun } from '../run-context.js';
import { emitJson, writeResult } from '../output.js';
import { phaseLine } from '../progress.js';
import { checkOutputFile } from '../output-paths.js';
import { requireFlag } from './require-flag.js';
import { SYMBOLIC_NAMES } from '../../kan/symbolic-functions.js';
import { discover } from '../../interpret/discover.js';
import { prune } from '../../interpret/prune.js';
import { autoSymbolic, fixSymbolic, type SymbolicChoice } from '../../interpret/symbolic-edges.js';
import { symbolicFormula } from '../../interpret/formula.js';
import type { KanModel } from '../../kan/model.js';
import { createKan } from '../../kan/build.js';
import { defaultInputs, diagramData } from '../../interpret/diagram-data.js';
import { kanDiagramSvg } from '../../report/kan-diagram.js';

/** --lib x,sin,exp: names from the symbolic library (default: all of it). */
export function libraryFlag(args: ParsedArgs): string[] | undefined {
  const raw = stringFlag(args, 'lib');
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) if (!SYMBOLIC_NAMES.includes(n)) throw new KanntkError(`--lib: unknown function '${n}' (library: ${SYMBOLIC_NAMES.join(', ')})`);
  return names;
}

/** --hidden 5 or 5,3: hidden widths. */
function hiddenFlag(args: ParsedArgs): number[] {
  return widthList(stringFlag(args, 'hidden') ?? '5', 'hidden', 64);
}

const choiceJson = (c: SymbolicChoice) => ({ layer: c.layer, out: c.out, in: c.in, fn: c.fn, r2: c.r2, a: c.a, b: c.b, c: c.c, d: c.d });

/** A model to --out, or to stdout as JSON text. */
function writeModel(model: KanModel, out: string | undefined): void {
  if (out) writeResult(out, model.serialize());
  else process.stdout.write(model.serialize());
}

function choicesTable(choices: SymbolicChoice[]): string {
  return choices.map((c) => `  layer ${c.layer}  ${c.in} → ${c.out}  ${c.fn.padEnd(8)}  R² ${c.r2.toFixed(6)}  a ${c.a.toPrecision(4)}  b ${c.b.toPrecision(4)}`).join('\n') + '\n';
}

export async function discoverCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['input', 'target', 'lib', 'hidden', 'G', 'lamb', 'steps', 'seed', 'digits', 'backend', 'out', 'report']);
  const reportPath = stringFlag(args, 'report');
  if (reportPath !== undefined) checkOutputFile(reportPath, 'discover --report');
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const y = readArrayFile(requireFlag(args, 'target'), 'target', { rank: 2 });
  if (y.shape[0] !== x.shape[0]) throw new KanntkError(`discover: --input has ${x.shape[0]} rows, --target ${y.shape[0]}`);
  if (x.shape[1] > 16 || y.shape[1] > 8) throw new KanntkError(`discover: ${x.shape[1]} inputs and ${y.shape[1]} outputs is more than a formula can usefully show (at most 16 and 8)`);
  const library = libraryFlag(args), hidden = hiddenFlag(args);
  const G = integerFlag(args, 'G', 5, 1, 100);
  const lamb = numberFlag(args, 'lamb', 1e-2, { min: 0, max: 1e3 });
  const steps = integerFlag(args, 'steps', 200, 1, 100_000);
  const seed = integerFlag(args, 'seed', 0, 0, 2 ** 32 - 1);
  const digits = integerFlag(args, 'digits', 6, 1, 17);
  const run = await startRun(args);
  const status = phaseLine(`discover (${run.engine.backend.info.name})`);
  try {
    // the regulariser holds every edge's basis products, n_out times a layer's basis values, for the gradient
    const first = createKan({ layerDims: [x.shape[1], ...hidden, y.shape[1]], layer: 'spline', G });
    run.guardBatch(first, x.shape[0], 6 * Math.max(...hidden, y.shape[1]), 'discover');
    const r = await run.compute(() => discover(run.engine, x, y, {
      hidden, G, seed, library, digits, sparsity: { lambda: lamb }, trainSteps: steps,
      onStage: (stage, detail) => status.phase(`${stage}${detail ? `: ${detail}` : ''}…`),
    }));
    // the pictures of the network, for the report: after the first training and at the end
    const diagrams = await run.compute(async () => {
      const [a, b] = [r.trained.bind(run.engine.backend), r.model.bind(run.engine.backend)];
      try {
        return { trained: await diagramData(a, x), final: await diagramData(b, x) };
      } finally {
        a.dispose();
        b.dispose();
      }
    });
    status.done();
    const result = {
      formula: r.formula.text, latex: r.formula.latex, edges: r.choices.map(choiceJson),
      mse: { trained: r.trainedMse, final: r.finalMse },
      widths: { trained: [x.shape[1], ...hidden, y.shape[1]], pruned: [r.pruned.nIn, ...r.pruned.layers.map((l) => l.n_out)] },
      model: r.model.toJSON(), diagrams, ...run.report(),
    };
    if (reportPath !== undefined) {
      const { buildReport } = await import('../../report/build-report.js');
      writeResult(reportPath, buildReport(result, 'the discover result'));
    }
    emitJson(result, stringFlag(args, 'out'));
    if (stringFlag(args, 'out')) process.stdout.write(r.formula.text.map((f, o) => `y${o + 1} = ${f}`).join('\n') + '\n');
  } finally {
    status.done();
    run.engine.dispose();
  }
}

export async function pruneCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'node-threshold', 'edge-threshold', 'mask', 'backend', 'out']);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const nodeThreshold = numberFlag(args, 'node-threshold', 1e-2, { min: 0, max: 1e6 });
  const edgeThreshold = numberFlag(args, 'edge-threshold', 3e-2, { min: 0, max: 1e6 });
  const mode = switchFlag(args, 'mask') ? 'mask' : 'remove';
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    run.guardBatch(model, x.shape[0], 4, 'prune');
    const r = await run.compute(() => prune(bound, x, { nodeThreshold, edgeThreshold, mode }));
    writeModel(r.model, stringFlag(args, 'out'));
    const widths = [r.model.nIn, ...r.model.layers.map((l) => l.n_out)];
    process.stderr.write(`prune: widths [${[model.nIn, ...model.layers.map((l) => l.n_out)]}] → [${widths}] (${mode}), ${r.maskedEdges} edges masked, ${model.nParams} → ${r.model.nParams} parameters\n`);
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}

/** --edge L,O,I (layer, output, input). */
function edgeFlag(raw: string): { layer: number; out: number; in: number } {
  const parts = raw.split(',');
  if (parts.length !== 3 || parts.some((p) => !/^\s*\d+\s*$/.test(p))) throw new KanntkError(`--edge: expected LAYER,OUT,IN as whole numbers (e.g. 0,1,0), got '${raw}'`);
  const [layer, out, inp] = parts.map(Number);
  return { layer, out, in: inp };
}

export async function symbolicCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'lib', 'weight-simple', 'edge', 'fn', 'backend', 'out']);
  const model = readModelFile(requireFlag(args, 'model'));
  const x = readArrayFile(requireFlag(args, 'input'), 'input', { rank: 2 });
  const edgeRaw = stringFlag(args, 'edge');
  const edge = edgeRaw !== undefined ? edgeFlag(edgeRaw) : undefined;
  if (edge !== undefined) rejectFlags(args, ['lib', 'weight-simple'], 'with --edge (one edge, one function: --fn)');
  else rejectFlags(args, ['fn'], 'without --edge (autoSymbolic picks the function of every edge; give --edge L,O,I to fix one)');
  const fn = edge !== undefined ? requireFlag(args, 'fn') : undefined;
  if (fn !== undefined && !SYMBOLIC_NAMES.includes(fn)) throw new KanntkError(`--fn: unknown function '${fn}' (library: ${SYMBOLIC_NAMES.join(', ')})`);
  const library = libraryFlag(args);
  const weightSimple = numberFlag(args, 'weight-simple', 0.8, { min: 0, max: 1 });
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    run.guardBatch(model, x.shape[0], 4, 'symbolic');
    const r = await run.compute(async () => {
      if (edge !== undefined) {
        const one = await fixSymbolic(bound, x, { ...edge, fn: fn! });
        return { model: one.model, choices: [one.choice], kept: [] };
      }
      return autoSymbolic(bound, x, { library, weightSimple });
    });
    writeModel(r.model, stringFlag(args, 'out'));
    process.stderr.write(`symbolic: ${r.choices.length} edges closed-form\n${choicesTable(r.choices)}`);
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}

export async function formulaCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'digits', 'no-simplify', 'out']);
  const out = stringFlag(args, 'out');
  if (out !== undefined) checkOutputFile(out, 'formula --out');
  const model = readModelFile(requireFlag(args, 'model'));
  const digits = integerFlag(args, 'digits', 6, 1, 17);
  const f = await symbolicFormula(model, { digits, simplify: !switchFlag(args, 'no-simplify') });
  emitJson({ formula: f.text, latex: f.latex }, out);
  if (out) process.stdout.write(f.text.map((t, o) => `y${o + 1} = ${t}`).join('\n') + '\n');
}

export async function plotCommand(args: ParsedArgs): Promise<void> {
  checkFlags(args, ['model', 'input', 'backend', 'out']);
  const out = requireFlag(args, 'out');
  const model = readModelFile(requireFlag(args, 'model'));
  const inputPath = stringFlag(args, 'input');
  const x = inputPath !== undefined ? readArrayFile(inputPath, 'input', { rank: 2 }) : defaultInputs(model.nIn);
  if (x.shape[1] !== model.nIn) throw new KanntkError(`plot: --input has ${x.shape[1]} columns, the model takes ${model.nIn} inputs`);
  const run = await startRun(args);
  const bound = model.bind(run.engine.backend);
  try {
    run.guardBatch(model, x.shape[0], 4, 'plot');
    const layers = await run.compute(() => diagramData(bound, x));
    writeResult(out, kanDiagramSvg(layers, { title: `KAN [${[model.nIn, ...model.layers.map((l) => l.n_out)]}]` }));
    process.stderr.write(`wrote ${out}\n`);
  } finally {
    bound.dispose();
    run.engine.dispose();
  }
}

// A KAN whose edges are all closed-form (or masked off) read as formulas: per
// output, a plain-text expression in x1 … xn with + − * / ^ and the library's
// function names (mathjs and SymPy both parse it), simplified by mathjs, and
// its LaTeX. The numbers keep full precision so that the formula evaluates to
// what the model computes; `digits` rounds them for reading.

import { KanntkError } from '../errors.js';
import type { KanModel } from '../kan/model.js';
import type { LayerSpec, FileArray } from '../kan/layer-types.js';
import type { EdgeDecorations } from '../kan/layers/edge-decorations.js';
import { symbolicFunction } from '../kan/symbolic-functions.js';

export interface FormulaOptions {
  /** significant digits of the numbers (default 17: exact) */
  digits?: number;
  /** simplify with mathjs (default true) */
  simplify?: boolean;
  /** input names (default x1 … xn) */
  inputs?: string[];
}

export interface Formula {
  /** one expression per output */
  text: string[];
  latex: string[];
}

type Spec = LayerSpec & EdgeDecorations & { bias?: FileArray | null };

/** A number as formula text, parenthesised when negative. */
function numberText(v: number, digits: number): string {
  const t = Number(v.toPrecision(digits)).toString();
  return v < 0 ? `(${t})` : t;
}

/** The unsimplified expressions of the model's outputs. */
export function rawFormulas(model: KanModel, options: FormulaOptions = {}): string[] {
  const digits = options.digits ?? 17;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new KanntkError(`formula: digits must be a whole number from 1 to 17, got ${digits}`);
  const inputs = options.inputs ?? Array.from({ length: model.nIn }, (_, i) => `x${i + 1}`);
  if (inputs.length !== model.nIn) throw new KanntkError(`formula: ${inputs.length} input names for ${model.nIn} inputs`);
  const num = (v: number) => numberText(v, digits);
  let nodes = inputs;
  model.layers.forEach((layer, l) => {
    const spec = layer as Spec;
    if (!('c_basis' in spec)) throw new KanntkError(`formula: layer ${l} is a '${spec.type}' layer; only KAN layers have edges to read`);
    const terms: string[][] = Array.from({ length: spec.n_out }, () => []);
    for (let o = 0; o < spec.n_out; o++) for (let i = 0; i < spec.n_in; i++) {
      const masked = spec.edge_mask?.data[o * spec.n_in + i] === 0;
      const k = (spec.symbolic ?? []).findIndex((e) => e.out === o && e.in === i);
      if (!masked) throw new KanntkError(`formula: edge (layer ${l}, out ${o}, in ${i}) is not closed-form yet: fix it with fixSymbolic, or run autoSymbolic`);
      if (k < 0) continue;
      const [a, b, c, d] = spec.symbolic_affine!.data.slice(4 * k, 4 * k + 4);
      const f = symbolicFunction(spec.symbolic![k].fn);
      if (f.name === '0') {
        terms[o].push(num(d));
        continue;
      }
      const arg = `(${num(a)} * ${nodes[i]} + ${num(b)})`;
      terms[o].push(`${num(c)} * ${f.text(arg)} + ${num(d)}`);
    }
    nodes = terms.map((t, o) => {
      const bias = spec.bias ? spec.bias.data[o] : 0;
      return `(${[...t, num(bias)].join(' + ')})`;
    });
  });
  return nodes;
}

const importMathjs = (): Promise<typeof import('mathjs')> => import('mathjs');

/** Per output: the simplified plain-text formula and its LaTeX. */
export async function symbolicFormula(model: KanModel, options: FormulaOptions = {}): Promise<Formula> {
  const raw = rawFormulas(model, options);
  const math = await importMathjs();
  const nodes = raw.map((r) => {
    const parsed = math.parse(r);
    if (options.simplify === false) return parsed;
    try {
      // decimals stay decimals (mathjs would turn 0.25 into 1 / 4)
      return math.simplify(parsed, math.simplify.rules, {}, { exactFractions: false });
    } catch {
      // mathjs cannot simplify everything (e.g. some nested powers): the unsimplified form is still right
      return parsed;
    }
  });
  // mathjs writes the symbol x2 as "x2"; LaTeX readers expect x_{2}
  const latex = nodes.map((n) => (options.inputs ? n.toTex() : n.toTex().replace(/(^|[^A-Za-z0-9_])x(\d+)(?![0-9])/g, '$1x_{$2}')));
  return { text: nodes.map((n) => n.toString()), latex };
}

/** Evaluates formula texts at points x [N, n_in] with mathjs (for checks): [N, outputs]. */
export async function evaluateFormulas(formulas: string[], x: { shape: number[]; data: ArrayLike<number> }, inputs?: string[]): Promise<Float64Array> {
  const math = await importMathjs();
  const [n, d] = x.shape;
  const names = inputs ?? Array.from({ length: d }, (_, i) => `x${i + 1}`);
  const compiled = formulas.map((f) => math.compile(f));
  const out = new Float64Array(n * formulas.length);
  for (let a = 0; a < n; a++) {
    const scope = Object.fromEntries(names.map((name, i) => [name, x.data[a * d + i]]));
    compiled.forEach((c, k) => {
      out[a * formulas.length + k] = Number(c.evaluate(scope));
    });
  }
  return out;
}

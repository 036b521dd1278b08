// The closed forms a KAN edge can be replaced by (pykan's symbolic library):
// each as a graph op (so symbolic edges train and differentiate like the rest),
// as a host function (for fitting), and as text for formulas: plain (which
// mathjs and SymPy both parse) and LaTeX. `complexity` is pykan's weight for
// preferring simple forms when fits are about as good.

import type { Tensor } from '../graph/tensor.js';
import { div, mul } from '../graph/ops/arithmetic.js';
import { abs, cos, exp, log, neg, recip, sigmoid, sin, sqrt, square, tanh } from '../graph/ops/unary.js';
import { KanntkError } from '../errors.js';

export interface SymbolicFunction {
  name: string;
  /** f(u) elementwise on the graph */
  graph(u: Tensor): Tensor;
  /** f(u) on the host (NaN or ±Infinity outside its domain) */
  host(u: number): number;
  /** plain text of f(ARG), ARG already parenthesised where needed */
  text(arg: string): string;
  /** LaTeX of f(ARG) */
  latex(arg: string): string;
  complexity: number;
}

const fn = (name: string, complexity: number, graph: (u: Tensor) => Tensor, host: (u: number) => number, text: (a: string) => string, latex: (a: string) => string): SymbolicFunction =>
  ({ name, complexity, graph, host, text, latex });

const LIBRARY: SymbolicFunction[] = [
  fn('x', 1, (u) => u, (u) => u, (a) => a, (a) => a),
  fn('x^2', 2, (u) => square(u), (u) => u * u, (a) => `${a}^2`, (a) => `${a}^{2}`),
  fn('x^3', 3, (u) => mul(square(u), u), (u) => u * u * u, (a) => `${a}^3`, (a) => `${a}^{3}`),
  fn('x^4', 3, (u) => square(square(u)), (u) => u ** 4, (a) => `${a}^4`, (a) => `${a}^{4}`),
  fn('1/x', 2, (u) => recip(u), (u) => 1 / u, (a) => `1 / ${a}`, (a) => `\\frac{1}{${a}}`),
  fn('sqrt', 2, (u) => sqrt(u), (u) => Math.sqrt(u), (a) => `sqrt(${a})`, (a) => `\\sqrt{${a}}`),
  fn('exp', 2, (u) => exp(u), (u) => Math.exp(u), (a) => `exp(${a})`, (a) => `e^{${a}}`),
  fn('log', 2, (u) => log(u), (u) => Math.log(u), (a) => `log(${a})`, (a) => `\\log{\\left(${a} \\right)}`),
  fn('sin', 2, (u) => sin(u), (u) => Math.sin(u), (a) => `sin(${a})`, (a) => `\\sin{\\left(${a} \\right)}`),
  fn('cos', 2, (u) => cos(u), (u) => Math.cos(u), (a) => `cos(${a})`, (a) => `\\cos{\\left(${a} \\right)}`),
  fn('tan', 3, (u) => div(sin(u), cos(u)), (u) => Math.tan(u), (a) => `tan(${a})`, (a) => `\\tan{\\left(${a} \\right)}`),
  fn('tanh', 3, (u) => tanh(u), (u) => Math.tanh(u), (a) => `tanh(${a})`, (a) => `\\tanh{\\left(${a} \\right)}`),
  fn('abs', 3, (u) => abs(u), (u) => Math.abs(u), (a) => `abs(${a})`, (a) => `\\left|${a}\\right|`),
  fn('sigmoid', 4, (u) => sigmoid(u), (u) => 1 / (1 + Math.exp(-u)), (a) => `1 / (1 + exp(-${a}))`, (a) => `\\frac{1}{1 + e^{-${a}}}`),
  fn('gaussian', 3, (u) => exp(neg(square(u))), (u) => Math.exp(-u * u), (a) => `exp(-${a}^2)`, (a) => `e^{-${a}^{2}}`),
  fn('0', 0, (u) => mul(u, 0), () => 0, () => '0', () => '0'),
];

/** The library, by name. */
export const SYMBOLIC_FUNCTIONS: Record<string, SymbolicFunction> = Object.fromEntries(LIBRARY.map((f) => [f.name, f]));

/** The names in library order (object keys would put '0' first). */
export const SYMBOLIC_NAMES: readonly string[] = LIBRARY.map((f) => f.name);

/** The library entry of `name`; throws naming the known ones. */
export function symbolicFunction(name: string, where = 'symbolic'): SymbolicFunction {
  const f = SYMBOLIC_FUNCTIONS[name];
  if (!f) throw new KanntkError(`${where}: unknown function '${name}' (library: ${SYMBOLIC_NAMES.join(', ')})`);
  return f;
}

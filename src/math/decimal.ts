// How kanntk reads a number written as text (command-line values, CSV cells,
// rule specs): plain decimal only — 12, -0.5, .5, 1e-3 — never hex, Infinity,
// NaN or the empty string, which Number() would quietly accept or turn into 0.

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `text` is a plain decimal number (its value may still overflow to ±Infinity). */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

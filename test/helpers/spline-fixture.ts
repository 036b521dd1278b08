// Checks a host B-spline evaluator against one case of ../shared/fixtures/spline_basis.json.

/** Largest |got − fixture| over B, dB and d2B of a case, relative to max(1, max|fixture|) per array. */
export function worstSplineBasisError(c: any, evaluate: (x: number, knots: number[], k: number, deriv: number) => ArrayLike<number>): number {
  const nb = c.n_basis;
  let worst = 0;
  for (const [deriv, key] of [[0, 'B'], [1, 'dB'], [2, 'd2B']] as const) {
    const scale = Math.max(1, ...c[key].data.map(Math.abs));
    c.x.data.forEach((x: number, p: number) => {
      const got = evaluate(x, c.knots.data, c.k, deriv);
      for (let m = 0; m < nb; m++) worst = Math.max(worst, Math.abs(got[m] - c[key].data[p * nb + m]) / scale);
    });
  }
  return worst;
}

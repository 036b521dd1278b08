// Chebyshev bases on tanh-squashed inputs, as monomial tables for the fused
// kernel's 'tanhPoly' basis: row j holds the coefficients in z = tanh(x) of
// the d-th x-derivative of T_{j+offset}(tanh x).

/** Monomial coefficients of T_0 … T_maxDegree (T_{n+1} = 2z·T_n − T_{n−1}); row n has maxDegree+1 entries. */
export function chebyshevMonomials(maxDegree: number): number[][] {
  const rows: number[][] = [];
  for (let n = 0; n <= maxDegree; n++) {
    const c = new Array(maxDegree + 1).fill(0);
    if (n === 0) c[0] = 1;
    else if (n === 1) c[1] = 1;
    else for (let p = 0; p <= maxDegree; p++) c[p] = (p > 0 ? 2 * rows[n - 1][p - 1] : 0) - rows[n - 2][p];
    rows.push(c);
  }
  return rows;
}

/** d/dx of p(tanh x) is ((1 − z²)·p′)(z): the operator on coefficient arrays (degree grows by one). */
function derivativeInX(p: number[]): number[] {
  const out = new Array(p.length + 1).fill(0);
  for (let c = 1; c < p.length; c++) {
    out[c - 1] += c * p[c]; // p′ term
    out[c + 1] -= c * p[c]; // −z²·p′ term
  }
  return out;
}

/**
 * The [nBasis, D+1+deriv] table for basis functions T_offset … T_D of tanh(x),
 * differentiated `deriv` times in x. offset is 1 when the layer has a bias (T_0 dropped).
 */
export function chebyshevTable(D: number, offset: number, deriv: number): { data: Float64Array; shape: [number, number] } {
  const mono = chebyshevMonomials(D);
  const nCoef = D + 1 + deriv;
  const nBasis = D + 1 - offset;
  const data = new Float64Array(nBasis * nCoef);
  for (let j = 0; j < nBasis; j++) {
    let p = mono[j + offset];
    for (let d = 0; d < deriv; d++) p = derivativeInX(p);
    for (let c = 0; c < p.length && c < nCoef; c++) data[j * nCoef + c] = p[c];
  }
  return { data, shape: [nBasis, nCoef] };
}

// Function codes shared with the host. The numbers are the positions of the
// names in UNARY_FNS / BINARY_FNS / REDUCE_FNS (src/backend/kernels.ts); the
// host passes `UNARY_FNS.indexOf(fn)`, so keep this order in step with that file.

export const UNARY_NEG: i32 = 0;
export const UNARY_EXP: i32 = 1;
export const UNARY_LOG: i32 = 2;
export const UNARY_SIN: i32 = 3;
export const UNARY_COS: i32 = 4;
export const UNARY_TANH: i32 = 5;
export const UNARY_SIGMOID: i32 = 6;
export const UNARY_SILU: i32 = 7;
export const UNARY_RELU: i32 = 8;
export const UNARY_STEP: i32 = 9;
export const UNARY_SQUARE: i32 = 10;
export const UNARY_SQRT: i32 = 11;
export const UNARY_ABS: i32 = 12;
export const UNARY_POWI: i32 = 13;
export const UNARY_RECIP: i32 = 14;

export const BINARY_ADD: i32 = 0;
export const BINARY_SUB: i32 = 1;
export const BINARY_MUL: i32 = 2;
export const BINARY_DIV: i32 = 3;

export const REDUCE_SUM: i32 = 0;
export const REDUCE_MAX: i32 = 1;

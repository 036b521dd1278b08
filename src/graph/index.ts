// The autodiff graph: tensors, ops, grad. See DESIGN.md "The autodiff graph".
export { Tensor } from './tensor.js';
export { tidy, noGrad, keep } from './tape.js';
export { grad, type GradOptions } from './grad.js';
export { tensor, full, zeros, ones, scalar, type TensorOptions } from './ops/create.js';
export { add, sub, mul, div } from './ops/arithmetic.js';
export { neg, exp, log, sin, cos, tanh, sigmoid, silu, relu, step, square, sqrt, abs, recip, pow } from './ops/unary.js';
export { sum, mean, max, sumTo } from './ops/reduce.js';
export { amax } from './ops/amax.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { reshape, broadcastTo, transpose, slice, padInto, concat } from './ops/layout.js';
export { gather, scatterAdd } from './ops/gather.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { bsplineBasis } from './ops/bspline.js';

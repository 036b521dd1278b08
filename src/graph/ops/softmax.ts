// Softmax and log-softmax, composed from primitive ops (so their gradients
// and second derivatives come for free). The max shift is a constant.

import { Tensor } from '../tensor.js';
import { exp, log } from './unary.js';
import { sub } from './arithmetic.js';
import { max, sum } from './reduce.js';
import { noGrad } from '../tape.js';

/** log(softmax(x)) along `axis`, computed as x − m − log Σ exp(x − m) with m = max(x). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const m = noGrad(() => max(x, axis, true));
  const shifted = sub(x, m);
  return sub(shifted, log(sum(exp(shifted), axis, true)));
}

/** softmax(x) along `axis`. */
export const softmax = (x: Tensor, axis = -1): Tensor => exp(logSoftmax(x, axis));

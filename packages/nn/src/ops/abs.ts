import type { Tensor } from '../tensor.js';
import { NUMERIC_DTYPES, unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { sign } from './sign.js';

/** |x| (also int32); the gradient at 0 is 0, as PyTorch. */
export function abs(x: Tensor): Tensor {
  return unaryKernel('abs', 'abs', x, (dy, x) => mul(dy, sign(x)), {}, NUMERIC_DTYPES);
}

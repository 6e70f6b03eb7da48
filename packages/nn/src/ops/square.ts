import type { Tensor } from '../tensor.js';
import { NUMERIC_DTYPES, unaryKernel } from './math-util.js';
import { mul } from './mul.js';

/** x² (also int32). */
export function square(x: Tensor): Tensor {
  return unaryKernel('square', 'square', x, (dy, x) => mul(dy, mul(x, 2)), {}, NUMERIC_DTYPES);
}

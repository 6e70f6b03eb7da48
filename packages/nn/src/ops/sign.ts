import { zerosLike } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { NUMERIC_DTYPES, unaryKernel } from './math-util.js';

/** −1, 0 or 1 by the sign of x (also int32; NaN stays NaN); its gradient is 0. */
export function sign(x: Tensor): Tensor {
  return unaryKernel('sign', 'sign', x, (dy) => zerosLike(dy), {}, NUMERIC_DTYPES);
}

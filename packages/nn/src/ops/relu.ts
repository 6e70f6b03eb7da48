import type { Tensor } from '../tensor.js';
import { NUMERIC_DTYPES, unaryKernel } from './math-util.js';
import { gt } from './gt.js';
import { where } from './where.js';

/** max(x, 0) (also int32); the gradient at 0 is 0, as PyTorch. */
export function relu(x: Tensor): Tensor {
  return unaryKernel('relu', 'relu', x, (dy, _x, y) => where(gt(y, 0), dy, 0), {}, NUMERIC_DTYPES);
}

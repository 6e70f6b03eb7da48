import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { div } from './div.js';
import { mul } from './mul.js';

/** Square root (NaN below 0). */
export function sqrt(x: Tensor): Tensor {
  return unaryKernel('sqrt', 'sqrt', x, (dy, _x, y) => div(dy, mul(y, 2)));
}

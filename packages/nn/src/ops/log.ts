import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { div } from './div.js';

/** Natural logarithm (NaN below 0, −Infinity at 0). */
export function log(x: Tensor): Tensor {
  return unaryKernel('log', 'log', x, (dy, x) => div(dy, x));
}

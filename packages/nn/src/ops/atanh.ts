import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { unaryKernel } from './math-util.js';
import { square } from './square.js';
import { sub } from './sub.js';

/** Inverse hyperbolic tangent (±Infinity at ±1, NaN beyond). */
export function atanh(x: Tensor): Tensor {
  return unaryKernel('atanh', 'atanh', x, (dy, x) => div(dy, sub(1, square(x))));
}

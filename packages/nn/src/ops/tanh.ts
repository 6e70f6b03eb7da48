import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { square } from './square.js';
import { sub } from './sub.js';

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unaryKernel('tanh', 'tanh', x, (dy, _x, y) => mul(dy, sub(1, square(y))));
}

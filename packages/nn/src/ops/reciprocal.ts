import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';

/** 1 / x. */
export function reciprocal(x: Tensor): Tensor {
  return unaryKernel('reciprocal', 'reciprocal', x, (dy, _x, y) => neg(mul(dy, square(y))));
}

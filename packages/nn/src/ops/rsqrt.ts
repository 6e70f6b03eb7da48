import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { square } from './square.js';

/** 1 / √x. */
export function rsqrt(x: Tensor): Tensor {
  return unaryKernel('rsqrt', 'rsqrt', x, (dy, _x, y) => mul(dy, mul(mul(y, square(y)), -0.5)));
}

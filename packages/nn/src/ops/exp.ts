import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';

/** eˣ. */
export function exp(x: Tensor): Tensor {
  return unaryKernel('exp', 'exp', x, (dy, _x, y) => mul(dy, y));
}

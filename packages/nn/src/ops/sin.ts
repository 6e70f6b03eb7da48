import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { cos } from './cos.js';
import { mul } from './mul.js';

/** Sine. */
export function sin(x: Tensor): Tensor {
  return unaryKernel('sin', 'sin', x, (dy, x) => mul(dy, cos(x)));
}

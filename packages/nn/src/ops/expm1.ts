import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { add } from './add.js';
import { mul } from './mul.js';

/** eˣ − 1, accurate for small x. */
export function expm1(x: Tensor): Tensor {
  return unaryKernel('expm1', 'expm1', x, (dy, _x, y) => mul(dy, add(y, 1)));
}

import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { square } from './square.js';

/** Tangent. */
export function tan(x: Tensor): Tensor {
  return unaryKernel('tan', 'tan', x, (dy, _x, y) => mul(dy, add(square(y), 1)));
}

import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { div } from './div.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sub } from './sub.js';

/** Arcsine (NaN outside [−1, 1]). */
export function asin(x: Tensor): Tensor {
  return unaryKernel('asin', 'asin', x, (dy, x) => div(dy, sqrt(sub(1, square(x)))));
}

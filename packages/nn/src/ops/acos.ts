import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { div } from './div.js';
import { neg } from './neg.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sub } from './sub.js';

/** Arccosine (NaN outside [−1, 1]). */
export function acos(x: Tensor): Tensor {
  return unaryKernel('acos', 'acos', x, (dy, x) => neg(div(dy, sqrt(sub(1, square(x))))));
}

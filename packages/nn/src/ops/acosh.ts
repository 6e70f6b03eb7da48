import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { unaryKernel } from './math-util.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sub } from './sub.js';

/** Inverse hyperbolic cosine (NaN below 1). */
export function acosh(x: Tensor): Tensor {
  return unaryKernel('acosh', 'acosh', x, (dy, x) => div(dy, sqrt(sub(square(x), 1))));
}

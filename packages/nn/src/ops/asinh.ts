import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { div } from './div.js';
import { unaryKernel } from './math-util.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';

/** Inverse hyperbolic sine. */
export function asinh(x: Tensor): Tensor {
  return unaryKernel('asinh', 'asinh', x, (dy, x) => div(dy, sqrt(add(square(x), 1))));
}

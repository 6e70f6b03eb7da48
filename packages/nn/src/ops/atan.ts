import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { add } from './add.js';
import { div } from './div.js';
import { square } from './square.js';

/** Arctangent. */
export function atan(x: Tensor): Tensor {
  return unaryKernel('atan', 'atan', x, (dy, x) => div(dy, add(square(x), 1)));
}

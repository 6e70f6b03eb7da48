import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { add } from './add.js';
import { div } from './div.js';

/** log(1 + x), accurate for small x. */
export function log1p(x: Tensor): Tensor {
  return unaryKernel('log1p', 'log1p', x, (dy, x) => div(dy, add(x, 1)));
}

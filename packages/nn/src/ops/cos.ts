import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { sin } from './sin.js';

/** Cosine. */
export function cos(x: Tensor): Tensor {
  return unaryKernel('cos', 'cos', x, (dy, x) => neg(mul(dy, sin(x))));
}

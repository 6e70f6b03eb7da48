import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';

/** Gauss error function. */
export function erf(x: Tensor): Tensor {
  return unaryKernel('erf', 'erf', x, (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))));
}

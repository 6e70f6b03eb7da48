import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { sinh } from './sinh.js';

/** Hyperbolic cosine. */
export function cosh(x: Tensor): Tensor {
  return unaryKernel('cosh', 'cosh', x, (dy, x) => mul(dy, sinh(x)));
}

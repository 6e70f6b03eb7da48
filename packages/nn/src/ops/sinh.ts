import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { cosh } from './cosh.js';
import { mul } from './mul.js';

/** Hyperbolic sine. */
export function sinh(x: Tensor): Tensor {
  return unaryKernel('sinh', 'sinh', x, (dy, x) => mul(dy, cosh(x)));
}

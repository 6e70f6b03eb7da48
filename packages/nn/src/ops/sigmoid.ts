import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { sub } from './sub.js';

/** Logistic sigmoid 1 / (1 + e⁻ˣ). */
export function sigmoid(x: Tensor): Tensor {
  return unaryKernel('sigmoid', 'sigmoid', x, (dy, _x, y) => mul(dy, mul(y, sub(1, y))));
}

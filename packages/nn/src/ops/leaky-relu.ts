import type { Tensor } from '../tensor.js';
import { gt } from './gt.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { where } from './where.js';

/** x for x > 0, negativeSlope·x otherwise (PyTorch `leaky_relu`). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return unaryKernel('leakyRelu', 'leakyRelu', x, (dy, x) => where(gt(x, 0), dy, mul(dy, negativeSlope)), { alpha: negativeSlope });
}

import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { gt } from './gt.js';
import { unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { where } from './where.js';

/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  // For x ≤ 0, d/dx alpha·(eˣ − 1) = alpha·eˣ = y + alpha.
  return unaryKernel('elu', 'elu', x, (dy, x, y) => where(gt(x, 0), dy, mul(dy, add(y, alpha))), { alpha });
}

import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { eq } from './eq.js';
import { ge } from './ge.js';
import { log } from './log.js';
import { logicalAnd } from './logical-and.js';
import { checkBroadcast, requireNumeric } from './math-util.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import type { TensorLike } from './util.js';
import { where } from './where.js';

/**
 * a to the power b, with broadcasting (values as PyTorch: 0⁰ = 1, 0⁻¹ = Infinity, a negative base
 * with an integer exponent is real, with a fractional one NaN). int32 stays int32.
 * Gradients (as PyTorch): d/da = b·a^(b−1), 0 where b = 0; d/db = y·log(a), 0 where a = 0 and b ≥ 0.
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('pow', a, b);
  requireNumeric('pow', a, b);
  return binaryOp('pow', a, b, (dy, ta, tb, y, needs) => [
    needs[0] ? where(eq(tb, 0), 0, mul(dy, mul(tb, pow(ta, sub(tb, 1))))) : null,
    needs[1] ? where(logicalAnd(eq(ta, 0), ge(tb, 0)), 0, mul(dy, mul(y, log(ta)))) : null,
  ]);
}

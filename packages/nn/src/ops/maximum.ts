import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { eq } from './eq.js';
import { gt } from './gt.js';
import { lt } from './lt.js';
import { checkBroadcast, requireNumeric } from './math-util.js';
import { mul } from './mul.js';
import type { TensorLike } from './util.js';
import { where } from './where.js';

/**
 * Elementwise max(a, b) with broadcasting; NaN propagates. The gradient goes to the larger
 * operand; ties split it half and half (as PyTorch).
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('maximum', a, b);
  requireNumeric('maximum', a, b);
  return binaryOp('maximum', a, b, (dy, ta, tb, _y, needs) => {
    const shared = where(eq(ta, tb), mul(dy, 0.5), dy);
    return [needs[0] ? where(lt(ta, tb), 0, shared) : null, needs[1] ? where(gt(ta, tb), 0, shared) : null];
  });
}

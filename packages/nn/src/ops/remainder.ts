import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { floorDivide } from './floor-divide.js';
import { checkBroadcast, requireNumeric } from './math-util.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import type { TensorLike } from './util.js';

/**
 * a − b·floor(a / b) with broadcasting: the result has the sign of b, as Python's % and
 * PyTorch's `remainder` (not JS's %). d/da = 1, d/db = −floor(a / b).
 */
export function remainder(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('remainder', a, b);
  requireNumeric('remainder', a, b);
  return binaryOp('mod', a, b, (dy, ta, tb, _y, needs) => [dy, needs[1] ? neg(mul(dy, floorDivide(ta, tb))) : null]);
}

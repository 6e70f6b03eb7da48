import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a > b elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('gt', a, b);
  return booleanOp('compare', 'greater', a, b);
}

/** Alias of `gt`. */
export const greater = gt;

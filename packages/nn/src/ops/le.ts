import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a ≤ b elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function le(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('le', a, b);
  return booleanOp('compare', 'lessEqual', a, b);
}

/** Alias of `le`. */
export const lessEqual = le;

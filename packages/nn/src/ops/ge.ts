import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a ≥ b elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('ge', a, b);
  return booleanOp('compare', 'greaterEqual', a, b);
}

/** Alias of `ge`. */
export const greaterEqual = ge;

import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a ≠ b (true where either is NaN) elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('ne', a, b);
  return booleanOp('compare', 'notEqual', a, b);
}

/** Alias of `ne`. */
export const notEqual = ne;

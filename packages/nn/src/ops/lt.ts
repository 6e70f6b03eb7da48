import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a < b elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('lt', a, b);
  return booleanOp('compare', 'less', a, b);
}

/** Alias of `lt`. */
export const less = lt;

import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import { truthy } from './truthy.js';
import type { TensorLike } from './util.js';

/** a OR b elementwise with broadcasting; any dtype, nonzero (and NaN) counting as true; output bool. */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('logicalOr', a, b);
  return booleanOp('logical', 'logicalOr', truthy(a), truthy(b));
}

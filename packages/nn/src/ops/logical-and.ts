import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import { truthy } from './truthy.js';
import type { TensorLike } from './util.js';

/** a AND b elementwise with broadcasting; any dtype, nonzero (and NaN) counting as true; output bool. */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('logicalAnd', a, b);
  return booleanOp('logical', 'logicalAnd', truthy(a), truthy(b));
}

import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import { truthy } from './truthy.js';
import type { TensorLike } from './util.js';

/** a XOR b elementwise with broadcasting; any dtype, nonzero (and NaN) counting as true; output bool. */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('logicalXor', a, b);
  return booleanOp('logical', 'logicalXor', truthy(a), truthy(b));
}

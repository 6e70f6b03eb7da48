import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import type { TensorLike } from './util.js';

/** a · b elementwise, with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', a, b, (dy, ta, tb, _y, needs) => [needs[0] ? mul(dy, tb) : null, needs[1] ? mul(dy, ta) : null]);
}

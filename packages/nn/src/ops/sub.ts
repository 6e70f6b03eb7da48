import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { neg } from './neg.js';
import type { TensorLike } from './util.js';

/** a − b with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b, (dy, _a, _b, _y, needs) => [dy, needs[1] ? neg(dy) : null]);
}

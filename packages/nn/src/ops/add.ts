import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import type { TensorLike } from './util.js';

/** a + b with broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b, (dy) => [dy, dy]);
}

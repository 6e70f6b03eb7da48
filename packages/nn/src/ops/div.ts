import { binaryOp } from './binary.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from './util.js';

/** True division a / b with broadcasting; integer operands give float32 (as PyTorch). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const ints = [a, b].every((v) => !(v instanceof Tensor) || (v.dtype !== 'float32' && v.dtype !== 'float64'));
  return binaryOp('div', a, b, (dy, _ta, tb, y, needs) => [
    needs[0] ? div(dy, tb) : null,
    needs[1] ? neg(div(mul(dy, y), tb)) : null, // d(a/b)/db = −a/b² = −y/b
  ], ints ? 'float32' : null);
}

import { zerosLike } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { checkBroadcast, requireNumeric } from './math-util.js';
import type { TensorLike } from './util.js';

/** floor(a / b) with broadcasting (Python's //; int32 stays int32); the gradient is 0. */
export function floorDivide(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('floorDivide', a, b);
  requireNumeric('floorDivide', a, b);
  return binaryOp('floorDiv', a, b, (dy, _a, _b, _y, needs) => [needs[0] ? zerosLike(dy) : null, needs[1] ? zerosLike(dy) : null]);
}

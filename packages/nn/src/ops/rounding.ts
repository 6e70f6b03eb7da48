/** Shared forward of floor, ceil, round and trunc. */
import type { UnaryOp } from '@pistil/backend';
import { zerosLike } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { clone } from './clone.js';
import { unaryKernel } from './math-util.js';
import { isFloat, requireDType } from './util.js';

/** Rounds float x with `op` (zero gradient, as PyTorch); int32/uint8 are already whole, so copied. */
export function rounding(op: UnaryOp & ('floor' | 'ceil' | 'round' | 'trunc'), x: Tensor): Tensor {
  if (isFloat(x)) return unaryKernel(op, op, x, (dy) => zerosLike(dy));
  requireDType(op, x, ['float32', 'float64', 'int32', 'uint8']);
  return clone(x);
}

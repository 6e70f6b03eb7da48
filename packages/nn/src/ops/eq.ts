import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { checkBroadcast } from './math-util.js';
import type { TensorLike } from './util.js';

/** a == b elementwise, with broadcasting and dtype promotion; output bool, no gradient. */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('eq', a, b);
  return booleanOp('compare', 'equal', a, b);
}

/** Alias of `eq` (note: PyTorch's `torch.equal` instead returns one boolean for the whole tensor). */
export const equal = eq;

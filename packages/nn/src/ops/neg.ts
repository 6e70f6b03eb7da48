import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';

/** −x. */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x, (dy) => neg(dy));
}

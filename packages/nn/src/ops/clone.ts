import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';

/** A copy with its own storage; gradients flow through unchanged. */
export function clone(x: Tensor): Tensor {
  const y = runKernel('cast', { x }, { dtype: x.dtype });
  return record('clone', [x], y, (dy) => [dy]);
}

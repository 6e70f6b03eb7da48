/**
 * The recorded gather/scatter-add pair of the kernel set, each the other's backward (so gradients
 * of any order work):
 * - `gatherAxis(x, axis, indices)`: slices of x along `axis` at int32 `indices` (NumPy `take`);
 *   output shape x.shape[:axis] + indices.shape + x.shape[axis+1:].
 * - `scatterAddAxis(updates, indices, axis, shape)`: zeros of `shape` with `updates` added at
 *   `indices` along `axis` (repeats add up).
 * Index ranges are checked by the kernel.
 */
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';

export function gatherAxis(x: Tensor, axis: number, indices: Tensor, op = 'gather'): Tensor {
  const y = runKernel('gather', { x, indices }, { axis });
  return record(op, [x], y, (dy) => [scatterAddAxis(dy, indices, axis, x.shape)]);
}

export function scatterAddAxis(updates: Tensor, indices: Tensor, axis: number, shape: readonly number[], op = 'scatterAdd'): Tensor {
  const y = runKernel('scatterAdd', { updates, indices }, { axis, shape });
  return record(op, [updates], y, (dy) => [gatherAxis(dy, axis, indices)]);
}

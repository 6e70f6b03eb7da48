import type { Conv2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dCore } from './conv2d-core.js';

/**
 * Internal: gradient of conv2d with respect to its input, dx = conv2dᵀ(dy; w), as a recorded op.
 * It is linear in dy (adjoint: conv2d(g, w)) and in w (adjoint: conv2dBackpropFilter(g, dy)).
 */
export function conv2dBackpropInput(dy: Tensor, w: Tensor, attrs: Conv2dAttrs, inputShape: readonly number[]): Tensor {
  const dx = runKernel('conv2dBackpropInput', { dy, w }, { ...attrs, inputShape });
  return record('conv2dBackpropInput', [dy, w], dx, (g, needs) => [
    needs[0] ? conv2dCore(g, w, attrs) : null,
    needs[1] ? conv2dBackpropFilter(g, dy, attrs, w.shape) : null,
  ]);
}

import type { Conv2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dCore } from './conv2d-core.js';

/**
 * Internal: gradient of conv2d with respect to its filter, dw = Σ x ⋆ dy, as a recorded op.
 * Bilinear in x and dy: d/dx = conv2dBackpropInput(dy, g), d/d(dy) = conv2d(x, g).
 */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, attrs: Conv2dAttrs, filterShape: readonly number[]): Tensor {
  const dw = runKernel('conv2dBackpropFilter', { x, dy }, { ...attrs, filterShape });
  return record('conv2dBackpropFilter', [x, dy], dw, (g, needs) => [
    needs[0] ? conv2dBackpropInput(dy, g, attrs, x.shape) : null,
    needs[1] ? conv2dCore(x, g, attrs) : null,
  ]);
}

import type { Conv2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';

/**
 * Internal: the `conv2d` kernel as a recorded op, x [N, C, H, W] ⋆ w [O, C/g, KH, KW] with fully
 * resolved attrs (callers validate). Gradients come from the two backprop ops, which are recorded
 * too, so conv supports double backward.
 */
export function conv2dCore(x: Tensor, w: Tensor, attrs: Conv2dAttrs): Tensor {
  const y = runKernel('conv2d', { x, w }, attrs);
  return record('conv2d', [x, w], y, (dy, needs) => [
    needs[0] ? conv2dBackpropInput(dy, w, attrs, x.shape) : null,
    needs[1] ? conv2dBackpropFilter(x, dy, attrs, w.shape) : null,
  ]);
}

import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { padSpatial } from './spatial-pad.js';

/** Internal: the top-left h×w corner of x [N, C, H, W]. */
export function cropSpatial(x: Tensor, h: number, w: number): Tensor {
  const [n, c, hh, ww] = x.shape as [number, number, number, number];
  const y = runKernel('slice', { x }, { begin: [0, 0, 0, 0], size: [n, c, h, w], step: [1, 1, 1, 1] });
  return record('cropSpatial', [x], y, (dy) => [padSpatial(dy, hh - h, ww - w, 0)]);
}

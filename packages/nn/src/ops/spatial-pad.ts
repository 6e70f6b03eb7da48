import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { cropSpatial } from './spatial-crop.js';

/** Internal: pads the last two dims of x [N, C, H, W] by `bottom` rows and `right` columns of `value`. */
export function padSpatial(x: Tensor, bottom: number, right: number, value: number): Tensor {
  const y = runKernel('pad', { x }, { pads: [[0, 0], [0, 0], [0, bottom], [0, right]], mode: 'constant', value });
  return record('padSpatial', [x], y, (dy) => [cropSpatial(dy, x.shape[2]!, x.shape[3]!)]);
}

import type { Tensor } from '../tensor.js';
import { adaptiveGeometry } from './adaptive-avg-pool2d.js';
import type { AdaptiveSize } from './adaptive-avg-pool2d.js';
import { Temps } from './linalg-util.js';
import { reshape } from './reshape.js';
import { adaptiveWindowMap, chooseWindowMax } from './window-map.js';
import { windowSelect } from './window-select.js';

/**
 * Adaptive max pooling of x [N, C, H, W] (or [C, H, W]) to `outputSize`, as
 * `torch.nn.functional.adaptive_max_pool2d` (windows as adaptiveAvgPool2d; the gradient goes to
 * each window's first maximum). No `returnIndices`. Windows are gathered into a
 * [N, C, OH·OW, taps] buffer, so memory grows with the window size.
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = 'adaptiveMaxPool2d';
  const { h, w, oh, ow } = adaptiveGeometry(op, x, outputSize);
  const temps = new Temps();
  const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
  const choice = chooseWindowMax(x4, adaptiveWindowMap(h, w, oh, ow));
  temps.add(choice.indices);
  temps.add(choice.oneHot);
  let y = windowSelect(x4, choice);
  if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  return temps.finish(y);
}

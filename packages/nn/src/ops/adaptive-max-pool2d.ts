import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { adaptiveOutSize } from './adaptive-avg-pool2d.js';
import type { AdaptiveSize } from './adaptive-avg-pool2d.js';
import { Temps, requireFloats } from './linalg-util.js';
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
  requireFloats(op, x);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const h = x.shape[x.rank - 2]!;
  const w = x.shape[x.rank - 1]!;
  const [oh, ow] = adaptiveOutSize(op, outputSize, [h, w], x.shape);
  const temps = new Temps();
  const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
  const choice = chooseWindowMax(x4, adaptiveWindowMap(h, w, oh, ow));
  temps.add(choice.indices);
  temps.add(choice.oneHot);
  let y = windowSelect(x4, choice);
  if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  return temps.finish(y);
}

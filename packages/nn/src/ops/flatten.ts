import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { dimIn } from './shape-util.js';

/** Merges dims startDim…endDim into one (a view); a 0-d tensor becomes shape [1], as PyTorch. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) {
    dimIn('flatten', startDim, 1);
    dimIn('flatten', endDim, 1);
    return reshape(x, [1]);
  }
  const s = dimIn('flatten', startDim, x.rank, x.shape);
  const e = dimIn('flatten', endDim, x.rank, x.shape);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for ${fmtShape(x.shape)}`);
  const merged = x.shape.slice(s, e + 1).reduce((p, q) => p * q, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

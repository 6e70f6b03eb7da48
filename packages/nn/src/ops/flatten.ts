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
  const shape: number[] = [];
  let merged = 1;
  for (let i = 0; i < x.rank; i++) {
    if (i < s || i > e) shape.push(x.shape[i]!);
    else merged *= x.shape[i]!;
    if (i === e) shape.push(merged);
  }
  return reshape(x, shape);
}

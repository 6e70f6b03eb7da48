import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { gatherAxis } from './gather-axis.js';
import { dimIn, namingIndexErrors, toIndexTensor, viaOps, withTemps } from './shape-util.js';
import { reshape } from './reshape.js';

/**
 * The entries of x at positions `index` (1-D int32 tensor or number[]; PyTorch: int64) along
 * `dim`, which becomes index.length long; positions must lie in [0, size) (checked by the
 * kernel). A 0-d index acts as a 1-element one. Gradient: scatter-add of dy (repeats add up).
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor | readonly number[]): Tensor {
  const d = dimIn('indexSelect', dim, x.rank, x.shape);
  const { index: idx, made } = toIndexTensor('indexSelect', index, x.device);
  if (idx.rank > 1) {
    if (made) idx.dispose();
    throw new ShapeError(`indexSelect: index must be 1-D, got ${fmtShape(idx.shape)}`);
  }
  const temps = made ? [idx] : [];
  const what = `index holds a position outside [0, ${x.shape[d]}) for dim ${dim} of input ${fmtShape(x.shape)}`;
  if (idx.rank === 1) return namingIndexErrors('indexSelect', what, () => withTemps(temps, () => gatherAxis(x, d, idx, 'indexSelect')));
  const flat = reshape(idx, [1]);
  return namingIndexErrors('indexSelect', what, () => withTemps([...temps, flat], () => viaOps([x], () => gatherAxis(x, d, flat, 'indexSelect'))));
}

import { DTypeError, ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { checkGatherIndex, flatIndex } from './flat-index.js';
import { scatterAddAxis } from './gather-axis.js';
import { reshape } from './reshape.js';
import { dimIn, namingIndexErrors, viaOps, withTemps } from './shape-util.js';
import { stridedSlice } from './strided-slice.js';

/**
 * `torch.Tensor.scatter_add` (out of place): a copy of x with src[i][j][k] added at
 * out[i][index[i][j][k]][k] for dim = 1 (likewise for other dims); repeated positions add up.
 * `index` is int32 with x's rank, index.size(d) ≤ src.size(d) for all d and ≤ x.size(d) for
 * d ≠ dim; only src's leading index-shaped block is used. Indices outside [0, x.size(dim)) are
 * an error (from the kernel). Gradients: dy to x, dy gathered at index to src.
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = dimIn('scatterAdd', dim, x.rank, x.shape);
  checkGatherIndex('scatterAdd', x, d, index);
  if (src.dtype !== x.dtype) throw new DTypeError(`scatterAdd: src ${src.describe()} must have the dtype of input ${x.describe()}`);
  if (src.rank !== x.rank || index.shape.some((s, k) => s > src.shape[k]!))
    throw new ShapeError(`scatterAdd: src ${fmtShape(src.shape)} must have the rank of input ${fmtShape(x.shape)} and be at least as large as index ${fmtShape(index.shape)}`);
  const flat = flatIndex(x.shape, d, index);
  const what = `index holds a value outside [0, ${x.shape[d]}) for dim ${dim} of input ${fmtShape(x.shape)}`;
  return namingIndexErrors('scatterAdd', what, () => withTemps([flat], () => viaOps([x, src], () => {
    const block = index.shape.every((s, k) => s === src.shape[k]) ? src : stridedSlice(src, index.shape.map(() => 0), index.shape, index.shape.map(() => 1), 'scatterAdd');
    const spread = reshape(scatterAddAxis(block, flat, 0, [x.size], 'scatterAdd'), x.shape);
    return add(x, spread);
  }), src));
}

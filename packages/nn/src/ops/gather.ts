import { fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { checkGatherIndex, flatIndex } from './flat-index.js';
import { gatherAxis } from './gather-axis.js';
import { reshape } from './reshape.js';
import { dimIn, namingIndexErrors, viaOps, withTemps } from './shape-util.js';

/**
 * `torch.gather`: out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (likewise for other dims).
 * `index` is int32 (PyTorch: int64), has x's rank, and index.size(d) ≤ x.size(d) for d ≠ dim;
 * the output has index's shape. Indices outside [0, x.size(dim)) are an error (from the kernel).
 * Gradient: scatter-add of dy into zeros of x's shape. See `indexSelect` for NumPy-style `take`.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = dimIn('gather', dim, x.rank, x.shape);
  checkGatherIndex('gather', x, d, index);
  const flat = flatIndex(x.shape, d, index);
  const what = `index holds a value outside [0, ${x.shape[d]}) for dim ${dim} of input ${fmtShape(x.shape)}`;
  return namingIndexErrors('gather', what, () => withTemps([flat], () => viaOps([x], () => gatherAxis(reshape(x, [x.size]), 0, flat, 'gather'))));
}

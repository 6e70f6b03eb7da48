import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';

/** Transpose of a matrix; 0-d and 1-d tensors come back unchanged (as a view), as PyTorch's `t`. */
export function t(x: Tensor): Tensor {
  if (x.rank > 2) throw new ShapeError(`t: expects a tensor with at most 2 dims, got ${fmtShape(x.shape)}; use transpose or permute`);
  return x.rank < 2 ? reshape(x, x.shape) : transpose(x, 0, 1);
}

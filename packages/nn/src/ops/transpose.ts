import type { Tensor } from '../tensor.js';
import { permute } from './permute.js';
import { dimIn } from './shape-util.js';

/** Swaps dims `dim0` and `dim1` (negative dims count from the end); a copy, since storage is contiguous. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const rank = x.rank;
  const a = dimIn('transpose', dim0, rank, x.shape);
  const b = dimIn('transpose', dim1, rank, x.shape);
  const perm = [...Array(rank).keys()];
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm, 'transpose');
}

import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { dimIn } from './shape-util.js';
import { slice } from './slice.js';

/** `length` elements of `dim` from `start` (negative start counts from the end); out of range is a ShapeError, as PyTorch. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = dimIn('narrow', dim, x.rank, x.shape);
  const n = x.shape[d]!;
  const s = Number.isInteger(start) && start < 0 ? start + n : start;
  if (!Number.isInteger(start) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n)
    throw new ShapeError(`narrow: start ${start}, length ${length} do not fit dim ${dim} of size ${n} in ${fmtShape(x.shape)}`);
  return slice(x, d, s, s + length);
}

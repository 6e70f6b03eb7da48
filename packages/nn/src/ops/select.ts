import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { dimIn, viaOps } from './shape-util.js';
import { stridedSlice } from './strided-slice.js';

/** x[..., index, ...] at `dim`: the slice at `index` (negative counts from the end), with that dim removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = dimIn('select', dim, x.rank, x.shape);
  const n = x.shape[d]!;
  if (!Number.isInteger(index) || index < -n || index >= n)
    throw new ShapeError(`select: index ${index} is out of range for dim ${dim} of size ${n} in ${fmtShape(x.shape)}`);
  const i = index < 0 ? index + n : index;
  const begin = x.shape.map((_, k) => (k === d ? i : 0));
  const size = x.shape.map((s, k) => (k === d ? 1 : s));
  return viaOps([x], () => reshape(stridedSlice(x, begin, size, x.shape.map(() => 1), 'select'), x.shape.filter((_, k) => k !== d)));
}

import { ShapeError, concatShape, fmtShape } from '@pistil/backend';
import type { DType } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { commonDevice, runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { dimIn } from './shape-util.js';
import { stridedSlice } from './strided-slice.js';
import { promoteTypes } from './util.js';

/**
 * Joins tensors along `dim` (other dims must match). Mixed dtypes are promoted as PyTorch's
 * `cat`; gradients are the matching slices of dy (cast back to each input's dtype).
 */
export function concat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const rank = xs[0]!.rank;
  if (rank === 0) throw new ShapeError(`concat: 0-d tensors cannot be concatenated; unsqueeze them or use stack`);
  const d = dimIn('concat', dim, rank, xs[0]!.shape);
  if (xs.some((x) => x.rank !== rank)) throw new ShapeError(`concat: tensors must have the same rank, got ${xs.map((x) => fmtShape(x.shape)).join(', ')}`);
  concatShape(xs.map((x) => x.shape), d);
  commonDevice('concat', xs);
  const dtype = xs.map((x) => x.dtype).reduce<DType>((p, q) => promoteTypes(p, q), xs[0]!.dtype);
  const inputs = noGrad(() => xs.map((x) => (x.dtype === dtype ? x : cast(x, dtype))));
  const y = runKernel('concat', { xs: inputs }, { axis: d });
  inputs.forEach((t, i) => t !== xs[i] && t.dispose());
  const offsets: number[] = [];
  let offset = 0;
  for (const x of xs) {
    offsets.push(offset);
    offset += x.shape[d]!;
  }
  return record('concat', xs, y, (dy, needs) => xs.map((x, i) => {
    if (!needs[i]) return null;
    const begin = x.shape.map((_, k) => (k === d ? offsets[i]! : 0));
    const g = stridedSlice(dy, begin, x.shape, x.shape.map(() => 1), 'concat');
    return g.dtype === x.dtype ? g : cast(g, x.dtype);
  }));
}

/** Alias of `concat`, as PyTorch's `cat`. */
export const cat = concat;

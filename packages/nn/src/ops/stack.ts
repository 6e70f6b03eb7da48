import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { concat } from './concat.js';
import { dimIn, viaOps } from './shape-util.js';
import { unsqueeze } from './unsqueeze.js';
import { sameShape } from './util.js';

/** Joins same-shape tensors along a new dim `dim` in [−rank−1, rank]. */
export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const first = xs[0]!;
  const d = dimIn('stack', dim, first.rank + 1, first.shape);
  if (xs.some((x) => !sameShape(x.shape, first.shape)))
    throw new ShapeError(`stack: all tensors must have the same shape, got ${xs.map((x) => fmtShape(x.shape)).join(', ')}`);
  return viaOps(xs, () => concat(xs.map((x) => unsqueeze(x, d)), d));
}

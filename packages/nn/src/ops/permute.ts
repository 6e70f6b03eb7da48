import { ShapeError, fmtShape } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';

/** Reorders dims: output dim i is input dim dims[i] (negative dims count from the end); a copy, since storage is contiguous. */
export function permute(x: Tensor, dims: readonly number[], op = 'permute'): Tensor {
  const rank = x.rank;
  const perm = dims.map((d) => (Number.isInteger(d) && d >= -rank && d < rank ? (d < 0 ? d + rank : d) : NaN));
  const seen = new Set(perm);
  if (dims.length !== rank || perm.some((p) => Number.isNaN(p)) || seen.size !== rank)
    throw new ShapeError(`${op}: dims [${dims.join(', ')}] are not a permutation of the ${rank} dims of ${fmtShape(x.shape)}`);
  const y = runKernel('transpose', { x }, { perm });
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => (inverse[p] = i));
  return record(op, [x], y, (dy) => [permute(dy, inverse, op)]);
}

import { ShapeError, fmtShape, sizeOf } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { Tensor } from '../tensor.js';

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1 || shape.some((d) => !Number.isInteger(d) || d < -1))
    throw new ShapeError(`reshape: invalid shape ${fmtShape(shape)} (integers ≥ 0, at most one -1)`);
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = [...shape];
  if (inferred === 1) {
    if (known === 0 || x.size % known !== 0) throw new ShapeError(`reshape: cannot infer -1 in ${fmtShape(shape)} for ${x.size} elements of ${fmtShape(x.shape)}`);
    out[out.indexOf(-1)] = x.size / known;
  }
  if (sizeOf(out) !== x.size) throw new ShapeError(`reshape: cannot view ${fmtShape(x.shape)} (${x.size} elements) as ${fmtShape(shape)}`);
  return out;
}

/** Same data, new shape (one dim may be -1); no copy, since storage is always contiguous. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const y = Tensor.view(x, resolveShape(x, shape));
  return record('reshape', [x], y, (dy) => [reshape(dy, x.shape)]);
}

/** Alias of `reshape`, for PyTorch users. */
export const view = reshape;

import type { DType } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { isFloat } from './util.js';

/** Converts to `dtype` (a copy; float→int truncates toward zero). Gradients flow between float dtypes. */
export function cast(x: Tensor, dtype: DType): Tensor {
  const y = runKernel('cast', { x }, { dtype });
  if (!isFloat(y)) return y;
  return record('cast', [x], y, (dy) => [cast(dy, x.dtype)]);
}

import type { Tensor } from '../tensor.js';
import { dimIn } from './shape-util.js';
import { sliceRange } from './slice-range.js';
import { stridedSlice } from './strided-slice.js';

/**
 * x[start:end:step] along `dim`, with Python's rules: negative start/end count from the end,
 * out-of-range bounds are clamped, null/undefined mean "from the start"/"to the end". Unlike
 * PyTorch, a negative step is allowed (x[::-1] flips). A copy, since storage is contiguous.
 */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  const d = dimIn('slice', dim, x.rank, x.shape);
  const r = sliceRange('slice', x.shape[d]!, start, end, step);
  const begin = x.shape.map(() => 0);
  const size = [...x.shape];
  const steps = x.shape.map(() => 1);
  begin[d] = r.begin;
  size[d] = r.size;
  steps[d] = r.step;
  return stridedSlice(x, begin, size, steps, 'slice');
}

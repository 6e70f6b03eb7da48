import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { normalizeAxes } from './util.js';

/** Reverses the order of elements along `dims` (one or several; negative counts from the end). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const axes = normalizeAxes('flip', dims, x.rank);
  const begin = x.shape.map((n, d) => (axes.includes(d) && n > 0 ? n - 1 : 0));
  const step = x.shape.map((_, d) => (axes.includes(d) ? -1 : 1));
  const y = runKernel('slice', { x }, { begin, size: x.shape, step });
  return record('flip', [x], y, (dy) => [flip(dy, axes)]);
}

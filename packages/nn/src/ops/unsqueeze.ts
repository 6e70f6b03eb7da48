import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { dimIn } from './shape-util.js';

/** Inserts a size-1 dim at `dim` in [−rank−1, rank] (a view). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = dimIn('unsqueeze', dim, x.rank + 1, x.shape);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

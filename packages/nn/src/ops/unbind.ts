import type { Tensor } from '../tensor.js';
import { select } from './select.js';
import { dimIn } from './shape-util.js';

/** The slices of x along `dim`, each without that dim (x.shape[dim] tensors). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = dimIn('unbind', dim, x.rank, x.shape);
  return Array.from({ length: x.shape[d]! }, (_, i) => select(x, d, i));
}

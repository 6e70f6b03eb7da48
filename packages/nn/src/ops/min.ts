import type { Tensor } from '../tensor.js';
import { extremum } from './extremum.js';

/**
 * Smallest value over `axis` (one, several, or all when omitted), as PyTorch's `amin` (values only,
 * no indices; see `argmin`). NaN propagates; +Infinity over an empty float axis. Tied minima share
 * the gradient evenly.
 */
export function min(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  return extremum('min', x, axis, keepdim);
}

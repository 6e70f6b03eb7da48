import type { Tensor } from '../tensor.js';
import { extremum } from './extremum.js';

/**
 * Largest value over `axis` (one, several, or all when omitted), as PyTorch's `amax` (values only,
 * no indices; see `argmax`). NaN propagates; −Infinity over an empty float axis. Tied maxima share
 * the gradient evenly.
 */
export function max(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  return extremum('max', x, axis, keepdim);
}

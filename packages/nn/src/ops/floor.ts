import type { Tensor } from '../tensor.js';
import { rounding } from './rounding.js';

/** Largest integer ≤ x; the gradient is 0. Integer tensors are returned as a copy. */
export function floor(x: Tensor): Tensor {
  return rounding('floor', x);
}

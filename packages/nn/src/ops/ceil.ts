import type { Tensor } from '../tensor.js';
import { rounding } from './rounding.js';

/** Smallest integer ≥ x; the gradient is 0. Integer tensors are returned as a copy. */
export function ceil(x: Tensor): Tensor {
  return rounding('ceil', x);
}

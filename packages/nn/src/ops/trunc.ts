import type { Tensor } from '../tensor.js';
import { rounding } from './rounding.js';

/** x rounded toward zero; the gradient is 0. Integer tensors are returned as a copy. */
export function trunc(x: Tensor): Tensor {
  return rounding('trunc', x);
}

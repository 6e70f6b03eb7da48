import type { Tensor } from '../tensor.js';
import { rounding } from './rounding.js';

/** Nearest integer, halves to even (as PyTorch; no `decimals`); the gradient is 0. Integer tensors are returned as a copy. */
export function round(x: Tensor): Tensor {
  return rounding('round', x);
}

import type { TensorLike } from './util.js';

/** A number operand of a logical op as 0 or 1 (NaN counts as true, as PyTorch); tensors pass through. */
export function truthy(v: TensorLike): TensorLike {
  return typeof v === 'number' ? (v !== 0 ? 1 : 0) : v;
}

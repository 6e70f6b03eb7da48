import type { Tensor } from '../tensor.js';
import { argReduce } from './arg-reduce.js';

/**
 * Index (int32) of the largest element along `axis`, or in the flattened tensor when `axis` is
 * omitted (then keepdim gives all dims as 1). The first one wins ties; NaN counts as the extreme.
 */
export function argmax(x: Tensor, axis?: number, keepdim = false): Tensor {
  return argReduce('argmax', x, axis, keepdim);
}

import { full } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { isFloat } from './util.js';

/** Whether each element is +Infinity or −Infinity (bool output); integer and bool tensors give all false. */
export function isInf(x: Tensor): Tensor {
  if (!isFloat(x)) return full(x.shape, 0, { dtype: 'bool', device: x.device });
  return unaryKernel('isInf', 'isInf', x, null);
}

import { full } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { unaryKernel } from './math-util.js';
import { isFloat } from './util.js';

/** Whether each element is neither infinite nor NaN (bool output); integer and bool tensors give all true. */
export function isFinite(x: Tensor): Tensor {
  if (!isFloat(x)) return full(x.shape, 1, { dtype: 'bool', device: x.device });
  return unaryKernel('isFinite', 'isFinite', x, null);
}

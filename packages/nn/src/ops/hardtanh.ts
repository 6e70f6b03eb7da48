import type { Tensor } from '../tensor.js';
import { gt } from './gt.js';
import { logicalAnd } from './logical-and.js';
import { lt } from './lt.js';
import { NUMERIC_DTYPES, unaryKernel } from './math-util.js';
import { where } from './where.js';

/** Shared by hardtanh and relu6: clamps to [minVal, maxVal]; the gradient passes strictly inside. */
export function hardtanhAs(op: string, x: Tensor, minVal: number, maxVal: number): Tensor {
  return unaryKernel(op, 'clamp', x, (dy, x) => where(logicalAnd(gt(x, minVal), lt(x, maxVal)), dy, 0), { alpha: minVal, beta: maxVal }, NUMERIC_DTYPES);
}

/**
 * x clamped to [minVal, maxVal]. Unlike `clamp`, the gradient is 0 at the bounds themselves
 * (PyTorch's hardtanh backward passes it only where minVal < x < maxVal).
 */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  return hardtanhAs('hardtanh', x, minVal, maxVal);
}

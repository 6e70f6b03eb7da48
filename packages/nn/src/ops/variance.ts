import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { compute, expandGrad, reducedCount } from './math-util.js';
import { mean } from './mean.js';
import { mul } from './mul.js';
import { reduceArgs } from './reduce.js';
import type { ReduceArgs } from './reduce.js';
import { square } from './square.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';

export interface VarianceOptions {
  /** Subtracted from the element count in the divisor: 1 (default) is Bessel's correction, 0 the population variance. */
  correction?: number;
  keepdim?: boolean;
}

/** Gradient of the variance over `args.axes` for dy spread over x: 2·(x − mean)·dy / (n − correction). */
export function varianceGrad(dyFull: Tensor, x: Tensor, args: ReduceArgs, correction: number): Tensor {
  const n = reducedCount(x.shape, args.axes);
  return mul(mul(dyFull, sub(x, mean(x, args.axes, true))), 2 / (n - correction));
}

/** Forward of variance: Σ(x − mean)² / max(0, n − correction), computed unrecorded. */
export function varianceForward(x: Tensor, args: ReduceArgs, correction: number, keepdim: boolean): Tensor {
  const n = reducedCount(x.shape, args.axes);
  return compute(() => div(sum(square(sub(x, mean(x, args.axes, true))), args.axes, keepdim), Math.max(0, n - correction)));
}

/**
 * Variance over `axis` (all when omitted), as `torch.var(x, dim, correction=, keepdim=)` (method
 * `.var()`); divides by max(0, n − correction), so n ≤ correction gives Infinity or NaN, as PyTorch.
 */
export function variance(x: Tensor, axis?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  const { correction = 1, keepdim = false } = options;
  requireFloat('variance', x);
  const args = reduceArgs('variance', x, axis, keepdim);
  const y = varianceForward(x, args, correction, keepdim);
  return record('variance', [x], y, (dy) => [varianceGrad(expandGrad(dy, args.keptShape, x.shape), x, args, correction)]);
}

import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { eq } from './eq.js';
import { expandGrad } from './math-util.js';
import { mul } from './mul.js';
import { reduceArgs, runReduce } from './reduce.js';
import { sum } from './sum.js';
import { requireDType } from './util.js';
import { where } from './where.js';

/**
 * Product over `axis` (one, several, or all when omitted); 1 over an empty axis; bool/uint8 give
 * int32. The gradient is the product of the other elements, exact when x holds zeros.
 */
export function prod(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  requireDType('prod', x, ['float32', 'float64', 'int32', 'uint8', 'bool']);
  const args = reduceArgs('prod', x, axis, keepdim);
  const y = runReduce('prod', x, args);
  return record('prod', [x], y, (dy) => {
    const { axes, keptShape } = args;
    const isZero = eq(x, 0);
    const nonZero = where(isZero, 1, x);
    const prodNonZero = prod(nonZero, axes, true);
    const zeros = sum(isZero, axes, true);
    // No zero in the slice: y / x. One zero: that element gets the product of the others, the rest 0.
    const g = where(isZero, where(eq(zeros, 1), prodNonZero, 0), where(eq(zeros, 0), div(prodNonZero, nonZero), 0));
    return [mul(expandGrad(dy, keptShape, x.shape), g)];
  });
}

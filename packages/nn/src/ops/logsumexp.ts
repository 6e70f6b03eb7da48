import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { exp } from './exp.js';
import { isInf } from './is-inf.js';
import { log } from './log.js';
import { compute, expandGrad } from './math-util.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { reduceArgs } from './reduce.js';
import { reshape } from './reshape.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';
import { where } from './where.js';

/**
 * log Σ exp(x) over `axis` (all when omitted), computed stably by subtracting the max;
 * −Infinity over an empty axis. The gradient is softmax(x)·dy.
 */
export function logsumexp(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  requireFloat('logsumexp', x);
  const args = reduceArgs('logsumexp', x, axis, keepdim);
  const y = compute(() => {
    const m = max(x, args.axes, true);
    const shift = where(isInf(m), 0, m); // all −Inf (or an Inf) in a slice: do not shift by it
    return reshape(add(log(sum(exp(sub(x, shift)), args.axes, true)), shift), args.outShape);
  });
  return record('logsumexp', [x], y, (dy) => [mul(expandGrad(dy, args.keptShape, x.shape), exp(sub(x, reshape(y, args.keptShape))))]);
}

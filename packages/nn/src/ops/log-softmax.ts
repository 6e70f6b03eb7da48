import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { compute, singleAxis } from './math-util.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';

/**
 * log(softmax(x)) along `axis` (default the last; PyTorch requires `dim`), computed as
 * x − max − log Σ exp(x − max), finite for any finite logits. Backward: dy − softmax·Σ dy.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireFloat('logSoftmax', x);
  const axes = singleAxis('logSoftmax', axis, x.rank);
  const y = compute(() => {
    const shifted = sub(x, max(x, axes, true));
    return sub(shifted, log(sum(exp(shifted), axes, true)));
  });
  return record('logSoftmax', [x], y, (dy) => [sub(dy, mul(exp(y), sum(dy, axes, true)))]);
}

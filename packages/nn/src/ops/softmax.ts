import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { exp } from './exp.js';
import { compute, singleAxis } from './math-util.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';

/**
 * exp(x) / Σ exp(x) along `axis` (default the last; PyTorch requires `dim`), stable for any
 * finite logits (the max is subtracted first). Backward: y·(dy − Σ dy·y).
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  requireFloat('softmax', x);
  const axes = singleAxis('softmax', axis, x.rank);
  const y = compute(() => {
    const e = exp(sub(x, max(x, axes, true)));
    return div(e, sum(e, axes, true));
  });
  return record('softmax', [x], y, (dy) => [mul(y, sub(dy, sum(mul(dy, y), axes, true)))]);
}

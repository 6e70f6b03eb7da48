import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { compute, expandGrad } from './math-util.js';
import { mul } from './mul.js';
import { reduceArgs } from './reduce.js';
import { sqrt } from './sqrt.js';
import { requireFloat } from './util.js';
import { varianceForward, varianceGrad } from './variance.js';
import type { VarianceOptions } from './variance.js';

/** Standard deviation √variance over `axis` (all when omitted); same options as `variance`. */
export function std(x: Tensor, axis?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  const { correction = 1, keepdim = false } = options;
  requireFloat('std', x);
  const args = reduceArgs('std', x, axis, keepdim);
  const v = varianceForward(x, args, correction, keepdim);
  const y = compute(() => sqrt(v));
  v.dispose();
  // d std = d var / (2·std)
  return record('std', [x], y, (dy) => [varianceGrad(expandGrad(div(dy, mul(y, 2)), args.keptShape, x.shape), x, args, correction)]);
}

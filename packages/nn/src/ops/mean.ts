import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { expandGrad, reducedCount } from './math-util.js';
import { reduceArgs, runReduce } from './reduce.js';
import { requireFloat } from './util.js';

/** Mean over `axis` (one, several, or all when omitted); float only, NaN over an empty axis. */
export function mean(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  requireFloat('mean', x);
  const args = reduceArgs('mean', x, axis, keepdim);
  const y = runReduce('mean', x, args);
  const n = reducedCount(x.shape, args.axes);
  return record('mean', [x], y, (dy) => [div(expandGrad(dy, args.keptShape, x.shape), n)]);
}

import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { reduceArgs, runReduce } from './reduce.js';

/** Whether any element over `axis` (all when omitted) is true/nonzero; false over an empty axis. Output bool. */
export function any(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const args = reduceArgs('any', x, axis, keepdim);
  const b = x.dtype === 'bool' ? x : cast(x, 'bool');
  const y = runReduce('any', b, args);
  if (b !== x) b.dispose();
  return y;
}

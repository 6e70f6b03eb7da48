import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { reduceArgs, runReduce } from './reduce.js';

/** Whether every element over `axis` (all when omitted) is true/nonzero; true over an empty axis. Output bool. */
export function all(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const args = reduceArgs('all', x, axis, keepdim);
  const b = x.dtype === 'bool' ? x : cast(x, 'bool');
  const y = runReduce('all', b, args);
  if (b !== x) b.dispose();
  return y;
}

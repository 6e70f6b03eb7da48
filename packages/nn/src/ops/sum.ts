import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast-to.js';
import { reduceArgs, runReduce } from './reduce.js';
import { reshape } from './reshape.js';

/** Sum over `axis` (one, several, or all when omitted); bool/uint8 sum to int32. */
export function sum(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const args = reduceArgs('sum', x, axis, keepdim);
  const y = runReduce('sum', x, args);
  return record('sum', [x], y, (dy) => [broadcastTo(reshape(dy, args.keptShape), x.shape)]);
}

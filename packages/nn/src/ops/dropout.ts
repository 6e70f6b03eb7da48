import { rand } from '../creation.js';
import type { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { compute, recordSaving } from './math-util.js';
import { lt } from './lt.js';
import { mul } from './mul.js';
import { requireFloat } from './util.js';

/**
 * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1 − p), the
 * mask drawn from `rand` with `generator` (default: the global one). Not training or p = 0 returns
 * x itself; p = 1 gives x·0. Gradient: dy·mask/(1 − p).
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator?: Generator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  requireFloat('dropout', x);
  if (!training || p === 0) return x;
  if (p === 1) return mul(x, 0);
  const dtype = x.dtype as 'float32' | 'float64';
  const scaledMask = compute(() => mul(cast(lt(rand(x.shape, { dtype, device: x.device, generator }), 1 - p), dtype), 1 / (1 - p)));
  const y = compute(() => mul(x, scaledMask));
  return recordSaving('dropout', [x], y, [scaledMask], (dy) => [mul(dy, scaledMask)]);
}

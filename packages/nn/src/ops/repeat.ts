import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast-to.js';
import { reshape } from './reshape.js';
import { viaOps } from './shape-util.js';

/**
 * PyTorch's `Tensor.repeat` (NumPy `tile`): x tiled repeats[d] times along each dim. `repeats`
 * needs at least x.rank entries; extra leading entries add new leading dims. Gradient: the sum
 * of dy over the copies.
 */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.rank)
    throw new ShapeError(`repeat: needs at least ${x.rank} repeats for ${fmtShape(x.shape)}, got [${repeats.join(', ')}]`);
  if (!repeats.every((r) => Number.isInteger(r) && r >= 0)) throw new ShapeError(`repeat: repeats must be non-negative integers, got [${repeats.join(', ')}]`);
  const shape = [...new Array<number>(repeats.length - x.rank).fill(1), ...x.shape];
  // x viewed as [1, s0, 1, s1, …], broadcast to [r0, s0, r1, s1, …], then merged pairwise.
  const interleaved = shape.flatMap((s) => [1, s]);
  const target = shape.flatMap((s, i) => [repeats[i]!, s]);
  return viaOps([x], () => reshape(broadcastTo(reshape(x, interleaved), target), shape.map((s, i) => s * repeats[i]!)));
}

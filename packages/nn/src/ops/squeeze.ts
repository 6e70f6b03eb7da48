import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { dimIn } from './shape-util.js';

/**
 * Removes size-1 dims (a view): all of them, or only `dim` (one or several). As PyTorch, a named
 * dim whose size is not 1 is left alone.
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const rank = x.rank;
  const picked = dim === undefined
    ? new Set(x.shape.keys())
    : new Set((typeof dim === 'number' ? [dim] : dim).map((d) => dimIn('squeeze', d, Math.max(rank, 1), x.shape)));
  return reshape(x, x.shape.filter((s, i) => !(s === 1 && picked.has(i))));
}

import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { dimIn } from './shape-util.js';
import { split } from './split.js';

/**
 * Splits x into `chunks` pieces along `dim`, as PyTorch: each of size ceil(n / chunks), the last
 * smaller — so fewer than `chunks` pieces may come back. An empty dim gives `chunks` empty pieces.
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks < 1) throw new ShapeError(`chunk: chunks must be a positive integer, got ${chunks} for ${fmtShape(x.shape)}`);
  const d = dimIn('chunk', dim, x.rank, x.shape);
  const n = x.shape[d]!;
  if (n === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(n / chunks), d);
}

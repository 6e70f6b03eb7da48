import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { dimIn } from './shape-util.js';
import { slice } from './slice.js';

/**
 * Splits x along `dim`, as PyTorch: a number is the size of each piece (the last may be
 * smaller), an array gives every piece's size (they must add up to the dim's size).
 * Each piece is its own tensor (a copy, since storage is contiguous).
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = dimIn('split', dim, x.rank, x.shape);
  const n = x.shape[d]!;
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    const s = sizeOrSections;
    if (!Number.isInteger(s) || s < 0 || (s === 0 && n !== 0)) throw new ShapeError(`split: split size must be a positive integer, got ${s} for dim ${dim} of ${fmtShape(x.shape)}`);
    const count = s === 0 ? 1 : Math.max(1, Math.ceil(n / s));
    sizes = Array.from({ length: count }, (_, i) => Math.min(s, n - i * s));
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((p, q) => p + q, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n)
      throw new ShapeError(`split: sizes [${sizes.join(', ')}] must be non-negative integers adding up to ${n} (dim ${dim} of ${fmtShape(x.shape)})`);
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = slice(x, d, start, start + s);
    start += s;
    return piece;
  });
}

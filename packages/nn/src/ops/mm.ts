import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { batchMatmul } from './batch-matmul.js';
import { requireFloats } from './linalg-util.js';

/** Product of two matrices [M, K]·[K, N] → [M, N] (no broadcasting, as `torch.mm`). */
export function mm(a: Tensor, b: Tensor): Tensor {
  requireFloats('mm', a, b);
  if (a.rank !== 2 || b.rank !== 2) throw new ShapeError(`mm: expected two 2-D matrices, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  if (a.shape[1] !== b.shape[0])
    throw new ShapeError(`mm: inner dimensions differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (${a.shape[1]} vs ${b.shape[0]})`);
  return batchMatmul(a, b);
}

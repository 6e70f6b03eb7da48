import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { batchMatmul } from './batch-matmul.js';
import { requireFloats } from './linalg-util.js';

/** Batched matrix product [B, M, K]·[B, K, N] → [B, M, N] (same batch size, no broadcasting, as `torch.bmm`). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  requireFloats('bmm', a, b);
  const shapes = `${fmtShape(a.shape)} and ${fmtShape(b.shape)}`;
  if (a.rank !== 3 || b.rank !== 3) throw new ShapeError(`bmm: expected two 3-D tensors [B, M, K] and [B, K, N], got ${shapes}`);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`bmm: batch sizes differ: ${shapes} (${a.shape[0]} vs ${b.shape[0]})`);
  if (a.shape[2] !== b.shape[1]) throw new ShapeError(`bmm: inner dimensions differ: ${shapes} (${a.shape[2]} vs ${b.shape[1]})`);
  return batchMatmul(a, b);
}

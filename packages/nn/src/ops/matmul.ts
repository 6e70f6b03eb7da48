import { ShapeError, broadcastShapes, fmtShape, sizeOf } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { batchMatmul } from './batch-matmul.js';
import { Temps, requireFloats } from './linalg-util.js';
import { reshape } from './reshape.js';
import { sameShape } from './util.js';

/**
 * Matrix product with `torch.matmul` semantics: 1-D·1-D is a dot product (0-d result); a 1-D
 * left operand is treated as a row [1, K] and a 1-D right operand as a column [K, 1], the added
 * dim being removed from the result; otherwise batch dims broadcast. Both operands must share a
 * float dtype (PyTorch also refuses mixed dtypes).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const op = 'matmul';
  requireFloats(op, a, b);
  const shapes = `${fmtShape(a.shape)} and ${fmtShape(b.shape)}`;
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`${op}: both arguments need at least 1 dimension, got ${shapes}`);
  const k = a.shape[a.rank - 1]!;
  const kb = b.rank === 1 ? b.shape[0]! : b.shape[b.rank - 2]!;
  if (k !== kb) throw new ShapeError(`${op}: inner dimensions differ: ${shapes} (${k} vs ${kb})`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(op, batchA, batchB);
  } catch {
    throw new ShapeError(`${op}: batch dims of ${shapes} cannot be broadcast together (${fmtShape(batchA)} vs ${fmtShape(batchB)})`);
  }
  const m = a.rank === 1 ? 1 : a.shape[a.rank - 2]!;
  const n = b.rank === 1 ? 1 : b.shape[b.rank - 1]!;
  const outShape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];

  const temps = new Temps();
  const a2 = a.rank === 1 ? temps.add(reshape(a, [1, k])) : a;
  const b2 = b.rank === 1 ? temps.add(reshape(b, [k, 1])) : b;
  let y: Tensor;
  if (a2.rank > 2 && b2.rank === 2) {
    // [..., M, K]·[K, N]: one GEMM over the folded rows (its backward too) instead of a batch.
    const folded = temps.add(reshape(a2, [sizeOf(a2.shape.slice(0, -1)), k]));
    y = temps.add(batchMatmul(folded, b2));
  } else {
    y = temps.add(batchMatmul(a2, b2));
  }
  const out = sameShape(y.shape, outShape) ? y : reshape(y, outShape);
  return temps.finish(out);
}

import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { requireFloats } from './linalg-util.js';
import { matmul } from './matmul.js';

/** Inner product of two 1-D tensors of the same length → 0-d tensor (as `torch.dot`). */
export function dot(a: Tensor, b: Tensor): Tensor {
  requireFloats('dot', a, b);
  if (a.rank !== 1 || b.rank !== 1 || a.shape[0] !== b.shape[0])
    throw new ShapeError(`dot: expected two 1-D tensors of the same length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return matmul(a, b);
}

import { ShapeError, broadcastShapes, fmtShape } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { sumToShape } from './binary.js';
import { sameShape } from './util.js';

/** Materialises x broadcast to `shape` (PyTorch's `expand`, copied since storage is contiguous). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  if (!sameShape(broadcastShapes('broadcastTo', x.shape, shape), shape))
    throw new ShapeError(`broadcastTo: ${fmtShape(x.shape)} cannot be broadcast to ${fmtShape(shape)}`);
  const y = runKernel('broadcastTo', { x }, { shape });
  return record('broadcastTo', [x], y, (dy) => [sumToShape(dy, x.shape)]);
}

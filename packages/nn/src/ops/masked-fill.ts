import { ShapeError, broadcastShapes, fmtShape } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { requireDType, sameShape, scalarTensor } from './util.js';

/**
 * `value` where the bool `mask` is true, x elsewhere; mask broadcasts to x's shape (the output
 * has x's shape and dtype; value is converted to it). Gradient: dy where mask is false, 0 elsewhere.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  requireDType('maskedFill', mask, ['bool']);
  if (typeof value !== 'number') throw new TypeError(`maskedFill: value must be a number, got ${typeof value}`);
  if (!sameShape(broadcastShapes('maskedFill', x.shape, mask.shape), x.shape))
    throw new ShapeError(`maskedFill: mask ${fmtShape(mask.shape)} must broadcast to input ${fmtShape(x.shape)}`);
  const fill = scalarTensor(x.dtype === 'bool' ? Number(value !== 0) : value, x.dtype, x.device);
  const y = runKernel('where', { condition: mask, a: fill, b: x }, {});
  fill.dispose();
  return record('maskedFill', [x], y, (dy) => [maskedFill(dy, mask, 0)]);
}

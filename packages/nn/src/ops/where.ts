import type { DType } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { prepareOperands, sumToShape } from './binary.js';
import { checkBroadcast, recording } from './math-util.js';
import { requireDType } from './util.js';
import type { TensorLike } from './util.js';

/**
 * `condition ? a : b` elementwise; the three broadcast together, `condition` must be bool, a and
 * b (tensors or numbers) are promoted as for binary ops — two numbers give int32 when both are
 * integers, else float32. The gradient goes to a where condition holds, to b elsewhere.
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  requireDType('where', condition, ['bool']);
  checkBroadcast('where', condition, a, b);
  const temps: Tensor[] = [];
  let ta: Tensor;
  let tb: Tensor;
  if (a instanceof Tensor || b instanceof Tensor) {
    [ta, tb] = prepareOperands(a, b, null, temps);
  } else {
    const dtype: DType = Number.isInteger(a) && Number.isInteger(b) ? 'int32' : 'float32';
    ta = runKernel('fill', {}, { shape: [], dtype, value: a }, condition.device);
    tb = runKernel('fill', {}, { shape: [], dtype, value: b }, condition.device);
    temps.push(ta, tb);
  }
  const y = runKernel('where', { condition, a: ta, b: tb }, {});
  if (!recording([ta, tb])) {
    for (const t of temps) t.dispose();
    return y;
  }
  return record('where', [ta, tb], y, (dy, needs) => [
    needs[0] ? sumToShape(where(condition, dy, 0), ta.shape) : null,
    needs[1] ? sumToShape(where(condition, 0, dy), tb.shape) : null,
  ]);
}

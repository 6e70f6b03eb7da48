import type { UnaryOp } from '@pistil/backend';
import { INT_UNARY_OPS } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { checkAlive, runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { requireDType, requireFloat } from './util.js';

/** Gradient of a unary op from dy, the input x and the output y. */
export type UnaryBackward = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/** Shared forward for elementwise unary ops: checks the dtype, runs the kernel, records backward. */
export function unaryOp(op: UnaryOp, x: Tensor, backward: UnaryBackward | null, params: { alpha?: number; beta?: number } = {}): Tensor {
  checkAlive(op, x);
  if (op === 'logicalNot') requireDType(op, x, ['bool']);
  else if (INT_UNARY_OPS.includes(op)) requireDType(op, x, ['float32', 'float64', 'int32']);
  else requireFloat(op, x);
  const y = runKernel('unary', { x }, { op, ...params });
  if (!backward || y.dtype === 'bool') return y;
  return record(op, [x], y, (dy) => [backward(dy, x, y)]);
}

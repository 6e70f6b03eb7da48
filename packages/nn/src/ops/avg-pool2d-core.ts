import type { Pool2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';

export type AvgPoolAttrs = Pool2dAttrs & { countIncludePad: boolean };

/** Internal: the `avgPool2d` kernel as a recorded op (attrs resolved by the caller). */
export function avgPool2dCore(x: Tensor, attrs: AvgPoolAttrs): Tensor {
  const y = runKernel('avgPool2d', { x }, attrs);
  return record('avgPool2d', [x], y, (dy) => [avgPool2dGrad(dy, attrs, x.shape)]);
}

/** Internal: the `avgPool2dBackward` kernel as a recorded op; it is linear, its adjoint is avgPool2d. */
export function avgPool2dGrad(dy: Tensor, attrs: AvgPoolAttrs, inputShape: readonly number[]): Tensor {
  const dx = runKernel('avgPool2dBackward', { dy }, { ...attrs, inputShape });
  return record('avgPool2dBackward', [dy], dx, (g) => [avgPool2dCore(g, attrs)]);
}

import type { Pool2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { zerosLike } from '../creation.js';
import { chooseWindowMax, poolWindowMap } from './window-map.js';
import { windowSelect } from './window-select.js';

/** Internal: the `maxPool2d` kernel as a recorded op (attrs resolved by the caller). */
export function maxPool2dCore(x: Tensor, attrs: Pool2dAttrs): Tensor {
  const y = runKernel('maxPool2d', { x }, attrs);
  return record('maxPool2d', [x], y, (dy) => [maxPool2dGrad(dy, x, attrs)]);
}

/**
 * Internal: the `maxPool2dBackward` kernel (dy routed to each window's first maximum) as a
 * recorded op. It is linear in dy, with adjoint "read g at each window's argmax" (windowSelect),
 * and piecewise constant in x (zero gradient), so max pooling has higher-order gradients too.
 */
export function maxPool2dGrad(dy: Tensor, x: Tensor, attrs: Pool2dAttrs): Tensor {
  const dx = runKernel('maxPool2dBackward', { dy, x }, attrs);
  return record('maxPool2dBackward', [dy, x], dx, (g, needs) => {
    let gdy: Tensor | null = null;
    if (needs[0]) {
      const choice = chooseWindowMax(x, poolWindowMap(x.shape[2]!, x.shape[3]!, dy.shape[2]!, dy.shape[3]!, attrs));
      gdy = windowSelect(g, choice);
    }
    return [gdy, needs[1] ? zerosLike(x) : null];
  });
}

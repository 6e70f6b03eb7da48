import type { Pool2dAttrs } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import { GradError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { zerosLike } from '../creation.js';

/** Internal: the `maxPool2d` kernel as a recorded op (attrs resolved by the caller). */
export function maxPool2dCore(x: Tensor, attrs: Pool2dAttrs): Tensor {
  const y = runKernel('maxPool2d', { x }, attrs);
  return record('maxPool2d', [x], y, (dy) => [maxPool2dGrad(dy, x, attrs)]);
}

/**
 * Internal: the `maxPool2dBackward` kernel (dy routed to each window's first maximum) as a
 * recorded op. It is piecewise constant in x (zero gradient); its gradient in dy is not
 * implemented, so double backward through max pooling throws.
 */
export function maxPool2dGrad(dy: Tensor, x: Tensor, attrs: Pool2dAttrs): Tensor {
  const dx = runKernel('maxPool2dBackward', { dy, x }, attrs);
  return record('maxPool2dBackward', [dy, x], dx, (_g, needs) => {
    if (needs[0]) throw new GradError('maxPool2d: double backward (gradient of the max-pool gradient with respect to dy) is not supported');
    return [null, needs[1] ? zerosLike(x) : null];
  });
}

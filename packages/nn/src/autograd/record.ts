import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { Node } from './node.js';
import type { BackwardFn } from './node.js';

/**
 * Records `output = op(inputs)` on the tape when grad mode is on and an input requires grad.
 * `backward` is only called later, so it may close over inputs and intermediates it needs.
 */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, backward: BackwardFn): Tensor {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return output;
  output.requiresGrad = true;
  output.gradFn = new Node(op, inputs, backward);
  return output;
}

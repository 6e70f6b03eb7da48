import { Tensor } from '../tensor.js';

/** The same values, cut from the graph (no copy): gradients do not flow through it. */
export function detach(x: Tensor): Tensor {
  return Tensor.view(x, x.shape);
}

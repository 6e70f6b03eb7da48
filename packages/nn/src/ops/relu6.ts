import type { Tensor } from '../tensor.js';
import { hardtanhAs } from './hardtanh.js';

/** min(max(x, 0), 6), i.e. hardtanh(x, 0, 6): the gradient is 0 at 0 and 6, as PyTorch. */
export function relu6(x: Tensor): Tensor {
  return hardtanhAs('relu6', x, 0, 6);
}

import type { Tensor } from '../tensor.js';
import { adaptiveMaxPool2d } from './adaptive-max-pool2d.js';
import { single } from './conv-args.js';
import type { Int1 } from './conv-args.js';
import { pool1dVia2d } from './pool1d.js';

/** Adaptive max pooling of x [N, C, L] (or [C, L]) to `outputSize`, as `torch.nn.functional.adaptive_max_pool1d` (no indices). */
export function adaptiveMaxPool1d(x: Tensor, outputSize: Int1): Tensor {
  const op = 'adaptiveMaxPool1d';
  return pool1dVia2d(op, x, (x4) => adaptiveMaxPool2d(x4, [1, single(op, 'outputSize', outputSize)]));
}

import type { Tensor } from '../tensor.js';
import { adaptiveAvgPool2d } from './adaptive-avg-pool2d.js';
import { single } from './conv-args.js';
import type { Int1 } from './conv-args.js';
import { pool1dVia2d } from './pool1d.js';

/** Adaptive average pooling of x [N, C, L] (or [C, L]) to `outputSize`, as `torch.nn.functional.adaptive_avg_pool1d`. */
export function adaptiveAvgPool1d(x: Tensor, outputSize: Int1): Tensor {
  const op = 'adaptiveAvgPool1d';
  return pool1dVia2d(op, x, (x4) => adaptiveAvgPool2d(x4, [1, single(op, 'outputSize', outputSize)]));
}

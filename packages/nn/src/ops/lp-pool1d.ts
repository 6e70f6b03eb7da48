import type { Tensor } from '../tensor.js';
import { single } from './conv-args.js';
import type { Int1 } from './conv-args.js';
import { checkNormType, lpPool2d } from './lp-pool2d.js';
import { pair1d, pool1dVia2d } from './pool1d.js';

export interface LpPool1dOptions {
  /** Defaults to the kernel size. */
  stride?: Int1 | null;
  ceilMode?: boolean;
}

/** Power-average pooling over x [N, C, L] (or [C, L]), as `torch.nn.functional.lp_pool1d`: (Σ_window x^p)^(1/p). */
export function lpPool1d(x: Tensor, normType: number, kernelSize: Int1, options: LpPool1dOptions = {}): Tensor {
  const op = 'lpPool1d';
  checkNormType(op, normType);
  return pool1dVia2d(op, x, (x4) => lpPool2d(x4, normType, [1, single(op, 'kernelSize', kernelSize)], {
    stride: pair1d(op, 'stride', options.stride, 1),
    ceilMode: options.ceilMode,
  }));
}

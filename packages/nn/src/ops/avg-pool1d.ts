import type { Tensor } from '../tensor.js';
import { single } from './conv-args.js';
import type { Int1 } from './conv-args.js';
import { avgPool2d } from './avg-pool2d.js';
import { pair1d, pool1dVia2d } from './pool1d.js';

export interface AvgPool1dOptions {
  /** Defaults to the kernel size. */
  stride?: Int1 | null;
  padding?: Int1;
  ceilMode?: boolean;
  /** Count zero padding in the divisor (default true). */
  countIncludePad?: boolean;
}

/** 1-D average pooling over x [N, C, L] (or [C, L]), as `torch.nn.functional.avg_pool1d`; runs as avgPool2d with H = 1. */
export function avgPool1d(x: Tensor, kernelSize: Int1, options: AvgPool1dOptions = {}): Tensor {
  const op = 'avgPool1d';
  return pool1dVia2d(op, x, (x4) => avgPool2d(x4, [1, single(op, 'kernelSize', kernelSize)], {
    stride: pair1d(op, 'stride', options.stride, 1),
    padding: pair1d(op, 'padding', options.padding, 0),
    ceilMode: options.ceilMode,
    countIncludePad: options.countIncludePad,
  }));
}

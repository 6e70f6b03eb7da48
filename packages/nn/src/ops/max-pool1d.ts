import type { Tensor } from '../tensor.js';
import { single } from './conv-args.js';
import type { Int1 } from './conv-args.js';
import { maxPool2d } from './max-pool2d.js';
import { pair1d, pool1dVia2d } from './pool1d.js';

export interface MaxPool1dOptions {
  /** Defaults to the kernel size. */
  stride?: Int1 | null;
  padding?: Int1;
  dilation?: Int1;
  ceilMode?: boolean;
}

/** 1-D max pooling over x [N, C, L] (or [C, L]), as `torch.nn.functional.max_pool1d`; runs as maxPool2d with H = 1. */
export function maxPool1d(x: Tensor, kernelSize: Int1, options: MaxPool1dOptions = {}): Tensor {
  const op = 'maxPool1d';
  return pool1dVia2d(op, x, (x4) => maxPool2d(x4, [1, single(op, 'kernelSize', kernelSize)], {
    stride: pair1d(op, 'stride', options.stride, 1),
    padding: pair1d(op, 'padding', options.padding, 0),
    dilation: pair1d(op, 'dilation', options.dilation, 1),
    ceilMode: options.ceilMode,
  }));
}

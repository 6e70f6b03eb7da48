import { Module } from '../module/module.js';
import { adaptiveAvgPool2d } from '../ops/adaptive-avg-pool2d.js';
import type { AdaptiveSize } from '../ops/adaptive-avg-pool2d.js';
import { avgPool2d } from '../ops/avg-pool2d.js';
import { pairOf } from '../ops/conv-args.js';
import type { IntPair } from '../ops/conv-args.js';
import { checkNormType, lpPool2d } from '../ops/lp-pool2d.js';
import type { LpPool2dOptions } from '../ops/lp-pool2d.js';
import { maxPool2d } from '../ops/max-pool2d.js';
import type { AvgPool2dOptions, MaxPool2dOptions } from '../ops/pool-args.js';
import type { Tensor } from '../tensor.js';

const optionsRepr = (o: object): string => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`).join('');

/** Max over kH×kW windows of x [N, C, H, W], as `nn.MaxPool2d` (stride defaults to the kernel size). */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: IntPair, readonly options: MaxPool2dOptions = {}) {
    super();
    pairOf('MaxPool2d', 'kernelSize', kernelSize, 1);
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernelSize=${JSON.stringify(this.kernelSize)}${optionsRepr(this.options)}`;
  }
}

/** Mean over windows of x [N, C, H, W], as `nn.AvgPool2d` (countIncludePad, ceilMode, divisorOverride). */
export class AvgPool2d extends Module {
  constructor(readonly kernelSize: IntPair, readonly options: AvgPool2dOptions = {}) {
    super();
    pairOf('AvgPool2d', 'kernelSize', kernelSize, 1);
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `kernelSize=${JSON.stringify(this.kernelSize)}${optionsRepr(this.options)}`;
  }
}

/** Power-average pooling (Σ x^p)^(1/p) over windows, as `nn.LPPool2d`; normType 2 is L2 pooling. */
export class LPPool2d extends Module {
  constructor(readonly normType: number, readonly kernelSize: IntPair, readonly options: LpPool2dOptions = {}) {
    super();
    checkNormType('LPPool2d', normType);
    pairOf('LPPool2d', 'kernelSize', kernelSize, 1);
  }

  forward(x: Tensor): Tensor {
    return lpPool2d(x, this.normType, this.kernelSize, this.options);
  }

  override extraRepr(): string {
    return `normType=${this.normType}, kernelSize=${JSON.stringify(this.kernelSize)}${optionsRepr(this.options)}`;
  }
}

/**
 * Average pooling to a fixed output size [h, w] whatever the input's (null keeps that dim), as
 * `nn.AdaptiveAvgPool2d`; `new AdaptiveAvgPool2d(1)` is global average pooling ([N, C, 1, 1]).
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: AdaptiveSize) {
    super();
    const sizes = typeof outputSize === 'number' ? [outputSize] : Array.isArray(outputSize) && outputSize.length === 2 ? outputSize : [NaN];
    if (!sizes.every((s) => s === null || (Number.isInteger(s) && (s as number) >= 1)))
      throw new RangeError(`AdaptiveAvgPool2d: outputSize must be a positive integer or [h, w] of positive integers or null, got ${JSON.stringify(outputSize)}`);
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}

import { ShapeError } from '@pistil/backend';
import { zeros } from '../creation.js';
import { Module } from '../module/module.js';
import { parameter } from '../module/marks.js';
import { pairOf } from '../ops/conv-args.js';
import type { IntPair } from '../ops/conv-args.js';
import { convTranspose2d } from '../ops/conv-transpose2d.js';
import type { Tensor } from '../tensor.js';
import { checkGroups } from './conv2d.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';
import { resetAffine } from './linear.js';

export interface ConvTranspose2dLayerOptions extends FactoryOptions {
  stride?: IntPair;
  padding?: IntPair;
  /** Extra rows/columns on the bottom/right of the output; must be smaller than stride. */
  outputPadding?: IntPair;
  dilation?: IntPair;
  groups?: number;
  bias?: boolean;
}

/**
 * Transposed 2-D convolution ("deconvolution"), as `nn.ConvTranspose2d`: weight
 * [inChannels, outChannels/groups, KH, KW]; output size (H − 1)·stride − 2·padding +
 * dilation·(KH − 1) + outputPadding + 1. Initialised as PyTorch (fanIn from weight dim 1).
 */
export class ConvTranspose2d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: IntPair, options: ConvTranspose2dLayerOptions = {}) {
    super();
    const op = 'ConvTranspose2d';
    intArg(op, 'inChannels', inChannels);
    intArg(op, 'outChannels', outChannels);
    this.kernelSize = pairOf(op, 'kernelSize', kernelSize, 1);
    this.stride = pairOf(op, 'stride', options.stride ?? 1, 1);
    this.padding = pairOf(op, 'padding', options.padding ?? 0, 0);
    this.outputPadding = pairOf(op, 'outputPadding', options.outputPadding ?? 0, 0);
    this.dilation = pairOf(op, 'dilation', options.dilation ?? 1, 1);
    if (this.outputPadding[0] >= this.stride[0] || this.outputPadding[1] >= this.stride[1])
      throw new ShapeError(`${op}: outputPadding [${this.outputPadding.join(', ')}] must be smaller than stride [${this.stride.join(', ')}]`);
    this.groups = checkGroups(op, inChannels, outChannels, options.groups ?? 1);
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    this.weight = parameter(zeros([inChannels, outChannels / this.groups, ...this.kernelSize], factory));
    this.bias = options.bias ?? true ? parameter(zeros([outChannels], factory)) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetAffine(this.weight, this.bias, 'ConvTranspose2d');
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, dilation, groups } = this;
    return convTranspose2d(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(', ')}], stride=[${this.stride.join(', ')}]`];
    if (this.padding[0] || this.padding[1]) parts.push(`padding=[${this.padding.join(', ')}]`);
    if (this.outputPadding[0] || this.outputPadding[1]) parts.push(`outputPadding=[${this.outputPadding.join(', ')}]`);
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) parts.push(`dilation=[${this.dilation.join(', ')}]`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (!this.bias) parts.push('bias=false');
    return parts.join(', ');
  }
}

import { ShapeError } from '@pistil/backend';
import { zeros } from '../creation.js';
import { Module } from '../module/module.js';
import { parameter } from '../module/marks.js';
import { convPads } from '../ops/conv-args.js';
import type { Conv1dPadding } from '../ops/conv-args.js';
import { conv1d } from '../ops/conv1d.js';
import { Temps } from '../ops/linalg-util.js';
import type { Tensor } from '../tensor.js';
import { checkGroups } from './conv2d.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';
import { resetAffine } from './linear.js';
import { checkPaddingMode, padForConv } from './padding-mode.js';
import type { PaddingMode } from './padding-mode.js';

export interface Conv1dLayerOptions extends FactoryOptions {
  stride?: number;
  /** A number, 'valid' (0) or 'same' (stride 1). */
  padding?: Conv1dPadding;
  dilation?: number;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

/** 1-D convolution over x [N, C, L] (or [C, L]), as `nn.Conv1d`: weight [outChannels, inChannels/groups, K]. */
export class Conv1d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly stride: number;
  readonly padding: Conv1dPadding;
  readonly dilation: number;
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  readonly #pads: [number, number];

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, options: Conv1dLayerOptions = {}) {
    super();
    const op = 'Conv1d';
    intArg(op, 'inChannels', inChannels);
    intArg(op, 'outChannels', outChannels);
    intArg(op, 'kernelSize', kernelSize);
    this.stride = intArg(op, 'stride', options.stride ?? 1);
    this.dilation = intArg(op, 'dilation', options.dilation ?? 1);
    this.padding = options.padding ?? 0;
    if (typeof this.padding === 'number') intArg(op, 'padding', this.padding, 0);
    else if (this.padding !== 'same' && this.padding !== 'valid') throw new ShapeError(`${op}: padding must be a number, 'same' or 'valid', got '${String(this.padding)}'`);
    const [, left, , right] = convPads(op, typeof this.padding === 'number' ? [0, this.padding] : this.padding, [1, kernelSize], [1, this.dilation], [1, this.stride]);
    this.#pads = [left, right];
    this.groups = checkGroups(op, inChannels, outChannels, options.groups ?? 1);
    this.paddingMode = checkPaddingMode(op, options.paddingMode ?? 'zeros');
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    this.weight = parameter(zeros([outChannels, inChannels / this.groups, kernelSize], factory));
    this.bias = options.bias ?? true ? parameter(zeros([outChannels], factory)) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetAffine(this.weight, this.bias, 'Conv1d');
  }

  forward(x: Tensor): Tensor {
    const conv = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return conv1d(x, this.weight, this.bias, { ...conv, padding: this.padding });
    const temps = new Temps();
    const padded = temps.add(padForConv('Conv1d', x, this.#pads, this.paddingMode));
    return temps.finish(conv1d(padded, this.weight, this.bias, { ...conv, padding: 0 }));
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}`];
    if (this.padding !== 0) parts.push(`padding=${JSON.stringify(this.padding)}`);
    if (this.dilation !== 1) parts.push(`dilation=${this.dilation}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (!this.bias) parts.push('bias=false');
    if (this.paddingMode !== 'zeros') parts.push(`paddingMode='${this.paddingMode}'`);
    return parts.join(', ');
  }
}

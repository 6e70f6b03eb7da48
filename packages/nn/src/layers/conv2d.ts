import type { FusedActivation, Pads2d } from '@pistil/backend';
import { zeros } from '../creation.js';
import { Module } from '../module/module.js';
import { parameter } from '../module/marks.js';
import { convPads, pairOf } from '../ops/conv-args.js';
import type { Conv2dPadding, IntPair } from '../ops/conv-args.js';
import { conv2d, conv2dActivated } from '../ops/conv2d.js';
import { Temps } from '../ops/linalg-util.js';
import type { Tensor } from '../tensor.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';
import { resetAffine } from './linear.js';
import { checkPaddingMode, padForConv } from './padding-mode.js';
import type { PaddingMode } from './padding-mode.js';

export interface Conv2dLayerOptions extends FactoryOptions {
  stride?: IntPair;
  /** A number, [h, w], 'valid' (0) or 'same' (stride 1; the odd pad goes bottom/right, as PyTorch). */
  padding?: Conv2dPadding;
  dilation?: IntPair;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

/** Checks that groups divides both channel counts, as PyTorch's constructor does. */
export function checkGroups(op: string, inChannels: number, outChannels: number, groups: number): number {
  intArg(op, 'groups', groups);
  if (inChannels % groups !== 0) throw new RangeError(`${op}: inChannels ${inChannels} must be divisible by groups ${groups}`);
  if (outChannels % groups !== 0) throw new RangeError(`${op}: outChannels ${outChannels} must be divisible by groups ${groups}`);
  return groups;
}

/**
 * 2-D convolution over x [N, C, H, W] (or [C, H, W]), as `nn.Conv2d`: weight
 * [outChannels, inChannels/groups, KH, KW], bias [outChannels], PyTorch's initialisation.
 */
export class Conv2d extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: Conv2dPadding;
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  /** Explicit [top, left, bottom, right] pads (what 'same' resolves to). */
  readonly #pads: Pads2d;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: IntPair, options: Conv2dLayerOptions = {}) {
    super();
    const op = 'Conv2d';
    intArg(op, 'inChannels', inChannels);
    intArg(op, 'outChannels', outChannels);
    this.kernelSize = pairOf(op, 'kernelSize', kernelSize, 1);
    this.stride = pairOf(op, 'stride', options.stride ?? 1, 1);
    this.dilation = pairOf(op, 'dilation', options.dilation ?? 1, 1);
    this.padding = options.padding ?? 0;
    this.#pads = convPads(op, this.padding, this.kernelSize, this.dilation, this.stride);
    this.groups = checkGroups(op, inChannels, outChannels, options.groups ?? 1);
    this.paddingMode = checkPaddingMode(op, options.paddingMode ?? 'zeros');
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    this.weight = parameter(zeros([outChannels, inChannels / this.groups, ...this.kernelSize], factory));
    this.bias = options.bias ?? true ? parameter(zeros([outChannels], factory)) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetAffine(this.weight, this.bias, 'Conv2d');
  }

  forward(x: Tensor): Tensor {
    const conv = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return conv2d(x, this.weight, this.bias, { ...conv, padding: this.padding });
    const [top, left, bottom, right] = this.#pads;
    const temps = new Temps();
    const padded = temps.add(padForConv('Conv2d', x, [left, right, top, bottom], this.paddingMode));
    return temps.finish(conv2d(padded, this.weight, this.bias, { ...conv, padding: 0 }));
  }

  /** @internal forward then `activation`, fused (see Sequential); zeros padding, and not for subclasses with their own forward. */
  override forwardActivated(x: Tensor, activation: FusedActivation): Tensor | undefined {
    if (this.forward !== Conv2d.prototype.forward || this.paddingMode !== 'zeros') return undefined;
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups, padding: this.padding };
    return conv2dActivated(x, this.weight, this.bias, options, activation);
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(', ')}], stride=[${this.stride.join(', ')}]`];
    if (this.padding !== 0) parts.push(`padding=${JSON.stringify(this.padding)}`);
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) parts.push(`dilation=[${this.dilation.join(', ')}]`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (!this.bias) parts.push('bias=false');
    if (this.paddingMode !== 'zeros') parts.push(`paddingMode='${this.paddingMode}'`);
    return parts.join(', ');
  }
}

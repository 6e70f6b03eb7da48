import type { FusedActivation } from '@pistil/backend';
import { zeros } from '../creation.js';
import { kaimingUniform_ } from '../init/scaled.js';
import { uniform_ } from '../init/fill.js';
import { fans } from '../init/gain.js';
import { Module } from '../module/module.js';
import { parameter } from '../module/marks.js';
import { linear, linearActivated } from '../ops/linear.js';
import type { Tensor } from '../tensor.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';

export interface LinearOptions extends FactoryOptions {
  bias?: boolean;
}

/**
 * Initialises a Linear/Conv weight and bias as PyTorch's `reset_parameters`: weight
 * kaiming_uniform(a = √5), i.e. U(±1/√fanIn), and bias U(±1/√fanIn), from the default generator.
 */
export function resetAffine(weight: Tensor, bias: Tensor | null, op: string): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias) {
    const { fanIn } = fans(op, weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound);
  }
}

/** y = x·Wᵀ + b over the last dim of x [..., inFeatures] → [..., outFeatures], as `nn.Linear`. */
export class Linear extends Module {
  /** [outFeatures, inFeatures] */
  weight: Tensor;
  /** [outFeatures], or null with `bias: false` */
  bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    intArg('Linear', 'inFeatures', inFeatures);
    intArg('Linear', 'outFeatures', outFeatures);
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    this.weight = parameter(zeros([outFeatures, inFeatures], factory));
    this.bias = options.bias ?? true ? parameter(zeros([outFeatures], factory)) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetAffine(this.weight, this.bias, 'Linear');
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  /** @internal forward then `activation`, fused (see Sequential); not for subclasses with their own forward. */
  override forwardActivated(x: Tensor, activation: FusedActivation): Tensor | undefined {
    if (this.forward !== Linear.prototype.forward) return undefined;
    return linearActivated(x, this.weight, this.bias, activation);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

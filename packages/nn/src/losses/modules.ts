/** Loss layers: each holds its options and calls the functional loss in `forward(input, target)`. */
import { Module } from '../module/module.js';
import { buffer } from '../module/marks.js';
import { crossEntropy } from '../ops/cross-entropy.js';
import { nllLoss } from '../ops/nll-loss.js';
import type { Reduction } from '../ops/nll-loss.js';
import type { Tensor } from '../tensor.js';
import { binaryCrossEntropyWithLogits } from './bce-with-logits.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { klDiv } from './kl-div.js';
import type { KlDivOptions } from './kl-div.js';
import { checkReduction } from './reduction.js';
import type { LossOptions } from './reduction.js';
import { l1Loss, mseLoss } from './regression.js';

/** Base of the losses: `reduction` checked once, a `forward(input, target)`. */
abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(options: LossOptions) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction(this.constructor.name, this.reduction);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;

  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** A loss's class/element weight, registered as a buffer (saved with the model, as PyTorch). */
function weightBuffer(weight: Tensor | null | undefined): Tensor | null {
  return weight ? buffer(weight) : null;
}

export interface CrossEntropyLossOptions extends LossOptions {
  /** Per-class weights [C]. */
  weight?: Tensor | null;
  /** Targets equal to this index are skipped (default −100). */
  ignoreIndex?: number;
  /** Mixes the one-hot target with uniform: (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/** Cross-entropy from logits [N, C, …] and int32 class targets or class probabilities, as `nn.CrossEntropyLoss`. */
export class CrossEntropyLoss extends Loss {
  weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyLossOptions = {}) {
    super(options);
    this.weight = weightBuffer(options.weight);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) throw new RangeError(`CrossEntropyLoss: labelSmoothing must be in [0, 1], got ${this.labelSmoothing}`);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, { weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing, reduction: this.reduction });
  }
}

export interface NLLLossOptions extends LossOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
}

/** Negative log-likelihood from log-probabilities [N, C, …] (e.g. LogSoftmax(1)) and int32 targets, as `nn.NLLLoss`. */
export class NLLLoss extends Loss {
  weight: Tensor | null;
  readonly ignoreIndex: number;

  constructor(options: NLLLossOptions = {}) {
    super(options);
    this.weight = weightBuffer(options.weight);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Mean squared error, as `nn.MSELoss`. */
export class MSELoss extends Loss {
  constructor(options: LossOptions = {}) {
    super(options);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error, as `nn.L1Loss`. */
export class L1Loss extends Loss {
  constructor(options: LossOptions = {}) {
    super(options);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

export interface BCELossOptions extends LossOptions {
  weight?: Tensor | null;
}

/** Binary cross-entropy from probabilities (logs clamped to ≥ −100), as `nn.BCELoss`. */
export class BCELoss extends Loss {
  weight: Tensor | null;

  constructor(options: BCELossOptions = {}) {
    super(options);
    this.weight = weightBuffer(options.weight);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export interface BCEWithLogitsLossOptions extends BCELossOptions {
  posWeight?: Tensor | null;
}

/** Binary cross-entropy from raw scores, stable, with `posWeight`, as `nn.BCEWithLogitsLoss`. */
export class BCEWithLogitsLoss extends Loss {
  weight: Tensor | null;
  posWeight: Tensor | null;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super(options);
    this.weight = weightBuffer(options.weight);
    this.posWeight = weightBuffer(options.posWeight);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}

/** KL divergence with log-probability inputs, as `nn.KLDivLoss` (use reduction 'batchmean' for the true KL). */
export class KLDivLoss extends Module {
  readonly reduction: NonNullable<KlDivOptions['reduction']>;
  readonly logTarget: boolean;

  constructor(options: KlDivOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReduction('KLDivLoss', this.reduction, ['mean', 'batchmean', 'sum', 'none']);
    this.logTarget = options.logTarget ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }

  override extraRepr(): string {
    return `reduction='${this.reduction}', logTarget=${this.logTarget}`;
  }
}

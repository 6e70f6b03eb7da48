/** Parameter-free layers: Dropout, Flatten, Identity. */
import { Module } from '../module/module.js';
import { dropout } from '../ops/dropout.js';
import { flatten } from '../ops/flatten.js';
import type { Tensor } from '../tensor.js';

/** Zeroes elements with probability p and scales the rest by 1/(1 − p) in train mode; identity in eval, as `nn.Dropout`. */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/** Merges dims startDim…endDim (default 1…−1: everything but the batch), as `nn.Flatten`. A view. */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/** Returns its input (a placeholder, e.g. to replace a classifier head), as `nn.Identity`. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

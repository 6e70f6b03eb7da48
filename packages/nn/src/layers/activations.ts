/** Activation layers: each wraps the op of the same name (see there for the math). */
import type { FusedActivation } from '@pistil/backend';
import { Module } from '../module/module.js';
import { elu } from '../ops/elu.js';
import { gelu } from '../ops/gelu.js';
import { leakyRelu } from '../ops/leaky-relu.js';
import { logSoftmax } from '../ops/log-softmax.js';
import { relu } from '../ops/relu.js';
import { sigmoid } from '../ops/sigmoid.js';
import { softmax } from '../ops/softmax.js';
import { tanh } from '../ops/tanh.js';
import type { Tensor } from '../tensor.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }

  /** @internal A layer before it in a Sequential may apply it in its own kernel (unless a subclass changed forward). */
  override fusibleActivation(): FusedActivation | undefined {
    return this.forward === ReLU.prototype.forward ? 'relu' : undefined;
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    if (!Number.isFinite(negativeSlope)) throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${negativeSlope}`);
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
    if (!Number.isFinite(alpha)) throw new RangeError(`ELU: alpha must be a finite number, got ${alpha}`);
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** x·Φ(x), exact by default or with `approximate: 'tanh'`, as `nn.GELU`. */
export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
    if (approximate !== 'none' && approximate !== 'tanh') throw new TypeError(`GELU: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  }

  forward(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** Softmax along `dim` (default the last; PyTorch's implicit choice is deprecated there). */
export class Softmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log(softmax) along `dim` (default the last), stable; pair it with NLLLoss. */
export class LogSoftmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

import { Conv2d, Flatten, Linear, Module } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { lecunUniformPaper_ } from './lecun-init.js';
import { LENET5_C3_TABLE, PartialConv2d } from './partial-conv2d.js';
import { ScaledTanh } from './scaled-tanh.js';
import { Subsampling2d } from './subsampling.js';

/**
 * LeNet-5 as published (LeCun, Bottou, Bengio, Haffner 1998): 32×32 input; C1 6@5×5; S2 trainable
 * subsampling; C3 16@5×5 with the partial connection table; S4; C5 120@5×5; F6 84; 10 outputs.
 * Every layer up to F6 is squashed by 1.7159·tanh(2/3·a). The paper's output layer is 10 Euclidean
 * RBF units with fixed codes; here it is a trainable 84→10 linear layer trained with cross-entropy
 * (850 parameters), as most reproductions do. Parameters: C1 156, S2 12, C3 1,516, S4 32,
 * C5 48,120, F6 10,164, output 850 — 60,850 in all.
 */
export class LeNet5 extends Module {
  readonly c1 = new Conv2d(1, 6, 5);
  readonly act1 = new ScaledTanh();
  readonly s2 = new Subsampling2d(6);
  readonly act2 = new ScaledTanh();
  readonly c3 = new PartialConv2d(6, LENET5_C3_TABLE, 5);
  readonly act3 = new ScaledTanh();
  readonly s4 = new Subsampling2d(16);
  readonly act4 = new ScaledTanh();
  readonly c5 = new Conv2d(16, 120, 5);
  readonly act5 = new ScaledTanh();
  readonly flatten = new Flatten();
  readonly f6 = new Linear(120, 84);
  readonly act6 = new ScaledTanh();
  readonly output = new Linear(84, 10);

  constructor() {
    super();
    for (const layer of [this.c1, this.c5, this.f6, this.output]) {
      const fanIn = layer.weight.size / layer.weight.shape[0]!;
      lecunUniformPaper_(layer.weight, fanIn);
      if (layer.bias) lecunUniformPaper_(layer.bias, fanIn);
    }
  }

  /** x: [N, 1, 32, 32] → logits [N, 10]. */
  forward(x: Tensor): Tensor {
    let h = this.act1.call(this.c1.call(x));
    h = this.act2.call(this.s2.call(h));
    h = this.act3.call(this.c3.call(h));
    h = this.act4.call(this.s4.call(h));
    h = this.act5.call(this.c5.call(h));
    h = this.act6.call(this.f6.call(this.flatten.call(h)));
    return this.output.call(h);
  }
}

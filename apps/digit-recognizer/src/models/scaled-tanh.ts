import { Module } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

/** LeCun's squashing function f(a) = A·tanh(S·a), A = 1.7159, S = 2/3: f(±1) = ±1, unit gain at 0. */
export class ScaledTanh extends Module {
  static readonly A = 1.7159;
  static readonly S = 2 / 3;

  forward(x: Tensor): Tensor {
    return x.mul(ScaledTanh.S).tanh().mul(ScaledTanh.A);
  }
}

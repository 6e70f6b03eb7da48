import { Module, avgPool2d, full, parameter, zeros } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { ShapeError } from '@pistil/nn';

/**
 * LeNet-5's trainable subsampling (layers S2 and S4): each 2×2 block of a feature map is summed,
 * multiplied by a trainable coefficient and shifted by a trainable bias, one pair per map.
 * 2 parameters per channel. The squashing function comes after, as a separate module.
 */
export class Subsampling2d extends Module {
  readonly coefficient: Tensor;
  readonly bias: Tensor;

  constructor(readonly channels: number) {
    super();
    this.coefficient = parameter(full([channels], 0.25)); // starts as the block's average
    this.bias = parameter(zeros([channels]));
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.channels) throw new ShapeError(`Subsampling2d: expected [N, ${this.channels}, H, W], got [${x.shape.join(', ')}]`);
    const sums = avgPool2d(x, 2).mul(4);
    return sums.mul(this.coefficient.reshape([1, -1, 1, 1])).add(this.bias.reshape([1, -1, 1, 1]));
  }
}

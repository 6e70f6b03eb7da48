import { Module, buffer, concat, conv2d, indexSelect, parameter, tensor, tidy, uniform, zeros } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

/**
 * A convolution where output map o sees only the input maps listed in `table[o]` (LeNet-5's C3).
 * Only the connected 5×5 kernels are parameters: `kernels` is [connections, KH, KW], and the dense
 * [O, C, KH, KW] weight is assembled each forward by an index select from [zero kernel; kernels],
 * so gradients reach exactly the connected kernels and the parameter count is the paper's.
 */
export class PartialConv2d extends Module {
  readonly kernels: Tensor;
  readonly bias: Tensor;
  /** For each (o, c) of the dense weight, 0 (no connection) or 1 + its row in `kernels` (int32 buffer). */
  readonly connectionIndex: Tensor;

  constructor(readonly inChannels: number, readonly table: readonly (readonly number[])[], readonly kernelSize: number) {
    super();
    const connections = table.reduce((n, row) => n + row.length, 0);
    const index = new Int32Array(table.length * inChannels);
    let k = 0;
    table.forEach((inputs, o) => {
      for (const c of inputs) {
        if (!(c >= 0 && c < inChannels)) throw new RangeError(`PartialConv2d: table[${o}] names input map ${c}, but there are ${inChannels}`);
        index[o * inChannels + c] = ++k;
      }
    });
    // LeNet-5's initialisation, ±2.4 / fan-in, where output map o has fan-in |table[o]|·K².
    const area = kernelSize * kernelSize;
    const bounds = table.map((inputs) => 2.4 / (inputs.length * area));
    const kernelBounds = table.flatMap((inputs, o) => inputs.map(() => bounds[o]!));
    this.kernels = parameter(tidy(() => uniform([connections, kernelSize, kernelSize], -1, 1).mul(tensor(kernelBounds).reshape([-1, 1, 1]))));
    this.bias = parameter(tidy(() => uniform([table.length], -1, 1).mul(tensor(bounds))));
    this.connectionIndex = buffer(tensor(index), { persistent: false });
  }

  /** The dense [O, C, KH, KW] weight, zero where there is no connection. */
  denseWeight(): Tensor {
    const k = this.kernelSize;
    const withZero = concat([zeros([1, k, k], { dtype: this.kernels.dtype }), this.kernels], 0);
    const dense = indexSelect(withZero, 0, this.connectionIndex);
    return dense.reshape([this.table.length, this.inChannels, k, k]);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.denseWeight(), this.bias);
  }
}

/** LeNet-5's C3 connection table (LeCun et al. 1998, table I): the S2 maps each C3 map reads. */
export const LENET5_C3_TABLE: readonly (readonly number[])[] = [
  [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 0], [5, 0, 1],
  [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 0], [4, 5, 0, 1], [5, 0, 1, 2],
  [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
  [0, 1, 2, 3, 4, 5],
];

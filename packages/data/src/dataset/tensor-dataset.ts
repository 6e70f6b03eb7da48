import { ShapeError, noGrad, select } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { DatasetBase, checkIndex } from './dataset.js';

/**
 * Samples are the slices of each tensor along its first dim: `get(i)` is `[t0[i], t1[i], …]`.
 * The dataset does not own the tensors (keep them alive while it is used, e.g. with `keep`);
 * each sample is a new tensor that the caller (or the default collate) disposes.
 */
export class TensorDataset extends DatasetBase<Tensor[]> {
  readonly tensors: readonly Tensor[];
  readonly length: number;

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset: needs at least one tensor');
    const bad = tensors.find((t) => t.rank === 0 || t.shape[0] !== tensors[0]!.shape[0]);
    if (bad)
      throw new ShapeError(`TensorDataset: every tensor needs the same first dim (the sample count), got shapes ${tensors.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
    this.tensors = tensors;
    this.length = tensors[0]!.shape[0]!;
  }

  get(index: number): Tensor[] {
    checkIndex('TensorDataset', index, this.length);
    return noGrad(() => this.tensors.map((t) => select(t, 0, index)));
  }
}

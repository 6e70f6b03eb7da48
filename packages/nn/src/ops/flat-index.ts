/**
 * Flat positions for `torch.gather`/`scatter_add`-style indexing: for an int32 `index` of x's
 * rank, position p of the index addresses element (p₀, …, index[p], …, pₙ) of x, i.e. flat
 * offset Σ_{d≠dim} p_d·stride_d + index[p]·stride_dim. Computed with ops (no host reads of
 * index data); entries outside [0, x.shape[dim]) become −1 so the gather/scatterAdd kernel
 * rejects them instead of reading a neighbouring row.
 */
import { ShapeError, fmtShape, stridesOf } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { runKernel, tidy } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { booleanOp } from './binary.js';
import { mul } from './mul.js';
import { hostIndex } from './shape-util.js';
import { requireDType, scalarTensor } from './util.js';

/** Checks a torch.gather-style index against x (same rank; index.size(d) ≤ x.size(d) for d ≠ dim). */
export function checkGatherIndex(op: string, x: Tensor, dim: number, index: Tensor): void {
  requireDType(op, index, ['int32']);
  if (index.rank !== x.rank || index.shape.some((s, d) => d !== dim && s > x.shape[d]!))
    throw new ShapeError(`${op}: index ${fmtShape(index.shape)} must have the rank of input ${fmtShape(x.shape)} and no dim larger than it (except dim ${dim})`);
}

export function flatIndex(xShape: readonly number[], dim: number, index: Tensor): Tensor {
  return noGrad(() => tidy(() => {
    const strides = stridesOf(xShape);
    let flat = mul(index, strides[dim]!);
    index.shape.forEach((n, d) => {
      if (d === dim || n <= 1 || strides[d] === 0) return;
      const offsets = Array.from({ length: n }, (_, i) => i * strides[d]!);
      flat = add(flat, hostIndex(offsets, index.shape.map((_, k) => (k === d ? n : 1)), index.device));
    });
    const valid = booleanOp('logical', 'logicalAnd', booleanOp('compare', 'greaterEqual', index, 0), booleanOp('compare', 'less', index, xShape[dim]!));
    return runKernel('where', { condition: valid, a: flat, b: scalarTensor(-1, 'int32', index.device) }, {});
  }));
}

import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { sumToShape } from './binary.js';

/**
 * Internal: op(a)·op(b) on the `matmul` kernel, op = transpose of the last two dims when its flag
 * is set; batch dims broadcast. Callers validate ranks (≥ 2), dtypes and inner sizes. The
 * backward uses the transpose flags instead of materialised transposes and sums broadcast batch
 * dims back to each operand's shape; it is itself recorded, so higher-order gradients work.
 */
export function batchMatmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const y = runKernel('matmul', { a, b }, { transposeA, transposeB });
  return record('matmul', [a, b], y, (dy, needs) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (needs[0]) {
      if (!transposeA) ga = transposeB ? batchMatmul(dy, b, false, false) : batchMatmul(dy, b, false, true);
      else ga = transposeB ? batchMatmul(b, dy, true, true) : batchMatmul(b, dy, false, true);
    }
    if (needs[1]) {
      if (!transposeB) gb = transposeA ? batchMatmul(a, dy, false, false) : batchMatmul(a, dy, true, false);
      else gb = transposeA ? batchMatmul(dy, a, true, true) : batchMatmul(dy, a, true, false);
    }
    return [ga && sumToShape(ga, a.shape), gb && sumToShape(gb, b.shape)];
  });
}

import { matmulShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireSameDType } from '../helpers/checks.js';
import type { FloatArray, StridedMatrix } from '../helpers/gemm.js';
import { broadcastStrides } from '../helpers/strided.js';

export const matmul: KernelImpl<CpuBackend, 'matmul'> = (backend, { a, b }, { transposeA, transposeB }) => {
  if (a.dtype !== b.dtype) requireSameDType('matmul', { a, b });
  requireDType('matmul', 'a', a, FLOAT_DTYPES);
  const shape = matrixProductShape(a.shape, b.shape, transposeA, transposeB) ?? matmulShape(a.shape, b.shape, transposeA, transposeB);
  const r = shape.length;
  const m = shape[r - 2]!, n = shape[r - 1]!;
  const k = a.shape[a.shape.length - (transposeA ? 2 : 1)]!;
  const out = backend.output(shape, a.dtype);
  const av = backend.view(a) as FloatArray, bv = backend.view(b) as FloatArray, cv = backend.view(out) as FloatArray;
  // Transposes are strides: packing in gemm reads either layout at the same cost.
  const am: StridedMatrix = { data: av, offset: 0, rowStride: transposeA ? 1 : k, colStride: transposeA ? m : 1 };
  const bm: StridedMatrix = { data: bv, offset: 0, rowStride: transposeB ? 1 : n, colStride: transposeB ? k : 1 };
  if (r === 2) {
    backend.gemm(m, n, k, am, bm, cv, 0, n, false);
    return out;
  }

  const batchShape = shape.slice(0, -2);
  const batch = sizeOf(batchShape);
  const aBatchShape = a.shape.slice(0, -2), bBatchShape = b.shape.slice(0, -2);
  // One shared B and a plain A: the batch is just more rows of A ([B·M, K] × [K, N]).
  if (sizeOf(bBatchShape) === 1 && !transposeA && sizeOf(aBatchShape) === batch) {
    backend.gemm(batch * m, n, k, am, bm, cv, 0, n, false);
    return out;
  }
  const aStrides = broadcastStrides(aBatchShape, batchShape), bStrides = broadcastStrides(bBatchShape, batchShape);
  for (let i = 0; i < batch; i++) {
    let rest = i, aOff = 0, bOff = 0;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      const idx = rest % batchShape[d]!;
      rest = (rest - idx) / batchShape[d]!;
      aOff += idx * aStrides[d]!;
      bOff += idx * bStrides[d]!;
    }
    am.offset = aOff * m * k;
    bm.offset = bOff * k * n;
    backend.gemm(m, n, k, am, bm, cv, i * m * n, n, false);
  }
  return out;
};

/** [M, N] of two matrices (rank 2, matching inner sizes): the common case, without matmulShape's batch broadcasting. */
function matrixProductShape(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): number[] | undefined {
  if (a.length !== 2 || b.length !== 2 || a[transposeA ? 0 : 1] !== b[transposeB ? 1 : 0]) return undefined;
  return [a[transposeA ? 1 : 0]!, b[transposeB ? 0 : 1]!];
}

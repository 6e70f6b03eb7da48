import { DTypeError, ShapeError, fmtShape, reduceShape, sizeOf, stridesOf } from '@pistil/backend';
import type { DType, KernelImpl, ReduceOp, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { INT_PROD, MAX, MIN, PROD, SUM, type Reducer } from '../helpers/reducers.js';
import { collapse, forEachRow, type Collapsed } from '../helpers/strided.js';

interface Plan {
  reducer: Reducer;
  init: number;
  dtype: DType;
}

/** Fold, identity and output dtype of an op on an input dtype; throws for a dtype the op refuses. */
function planOf(op: ReduceOp, x: TensorInfo): Plan {
  const dt = x.dtype;
  const isFloat = dt === 'float32' || dt === 'float64';
  const refuse = (expected: string) => new DTypeError(`reduce ${op}: x has dtype ${dt}, expected ${expected}`);
  switch (op) {
    case 'sum': return { reducer: SUM, init: 0, dtype: isFloat ? dt : 'int32' };
    case 'prod': return { reducer: isFloat ? PROD : INT_PROD, init: 1, dtype: isFloat ? dt : 'int32' };
    case 'max': return { reducer: MAX, init: -Infinity, dtype: dt };
    case 'min': return { reducer: MIN, init: Infinity, dtype: dt };
    case 'mean':
      if (!isFloat) throw refuse('float32 or float64');
      return { reducer: SUM, init: 0, dtype: dt };
    case 'any':
      if (dt !== 'bool') throw refuse('bool');
      return { reducer: MAX, init: 0, dtype: 'bool' };
    case 'all':
      if (dt !== 'bool') throw refuse('bool');
      return { reducer: MIN, init: 1, dtype: 'bool' };
  }
}

export function checkAxes(op: string, shape: readonly number[], axes: readonly number[]): void {
  axes.forEach((a, i) => {
    if (!Number.isInteger(a) || a < 0 || a >= shape.length || (i > 0 && a <= axes[i - 1]!))
      throw new ShapeError(`${op}: axes [${axes.join(', ')}] must be sorted, unique and within the ${shape.length} dims of ${fmtShape(shape)}`);
  });
}

/**
 * A float32 sum (or mean) in WebAssembly, float64 accumulators as the TypeScript folds: runs of
 * x summed into `acc` (reduced axes innermost), or runs added element-wise into a float64 heap
 * scratch copied to `acc` (kept axes innermost). False (nothing done) where it does not apply.
 */
function simdSum(backend: CpuBackend, x: TensorInfo, c: Collapsed, innerReduced: boolean, acc: Float64Array): boolean {
  if (x.dtype !== 'float32' || !backend.simdOn(backend.view(x))) return false;
  const last = c.shape.length - 1;
  const len = c.shape[last]!;
  if (innerReduced) {
    const xv = backend.view(x);
    const simd = backend.simdOn(xv)!, base = xv.byteOffset;
    forEachRow(c.shape, c.strides, [0, 0], ([xo, ao]) => { acc[ao!] = simd.sumRun(base + 4 * xo!, len, acc[ao!]!); });
    return true;
  }
  const scratch = backend.scratch('float64', acc.length);
  try {
    // Views after the scratch allocation, which may have grown the heap.
    const sums = scratch.view() as Float64Array, xv = backend.view(x);
    const simd = backend.simdOn(sums, xv);
    if (!simd) return false;
    sums.set(acc);
    const base = xv.byteOffset, at = sums.byteOffset;
    forEachRow(c.shape, c.strides, [0, 0], ([xo, ao]) => simd.sumRows(at + 8 * ao!, base + 4 * xo!, len));
    acc.set(sums);
    return true;
  } finally {
    scratch.free();
  }
}

export const reduce: KernelImpl<CpuBackend, 'reduce'> = (backend, { x }, { op, axes }) => {
  checkAxes(`reduce ${op}`, x.shape, axes);
  const plan = planOf(op, x);
  const outShape = reduceShape(x.shape, axes);
  const outSize = sizeOf(outShape);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  if (count === 0 && outSize > 0 && (op === 'max' || op === 'min') && plan.dtype !== 'float32' && plan.dtype !== 'float64')
    throw new ShapeError(`reduce ${op}: ${x.dtype} has no identity, and axes [${axes.join(', ')}] of ${fmtShape(x.shape)} are empty`);

  const acc = new Float64Array(outSize).fill(plan.init);
  const outStrides = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const c = collapse(x.shape, [stridesOf(x.shape), outStrides]);
  const last = c.shape.length - 1;
  const len = c.shape[last]!;
  const innerReduced = c.strides[1]![last] === 0;
  const out = backend.output(outShape, plan.dtype);
  const xv = backend.view(x);
  const { reducer } = plan;
  if (sizeOf(x.shape) > 0 && !(reducer === SUM && simdSum(backend, x, c, innerReduced, acc))) {
    forEachRow(c.shape, c.strides, [0, 0], ([xo, ao]) => {
      if (innerReduced) acc[ao!] = reducer.run(xv, xo!, len, acc[ao!]!);
      else reducer.rows(acc, ao!, xv, xo!, len);
    });
  }
  if (op === 'mean') for (let i = 0; i < outSize; i++) acc[i] /= count;
  const ov = backend.view(out);
  if (plan.dtype === 'bool') for (let i = 0; i < outSize; i++) ov[i] = acc[i] !== 0 ? 1 : 0;
  else ov.set(acc);
  return out;
};

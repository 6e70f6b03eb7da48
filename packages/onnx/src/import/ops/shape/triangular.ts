/**
 * Ops built on a triangular mask over two dims: Trilu (keep one triangle of the last two dims)
 * and CumSum (a matmul with a triangular matrix of ones along the summed axis, which keeps it
 * differentiable with nn ops only).
 */
import { cast, matmul, permute, tensor, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, scalarOf } from './common.js';

/** A rows×cols 0/1 matrix on x's device; keep(i, j) says which entries are 1. */
function mask(x: Tensor, rows: number, cols: number, dtype: 'bool' | 'float32' | 'float64', keep: (i: number, j: number) => boolean): Tensor {
  const data = dtype === 'bool' ? new Uint8Array(rows * cols) : dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = keep(i, j) ? 1 : 0;
  return tensor(data, { shape: [rows, cols], dtype, device: x.device });
}

/** Trilu (opset 14): upper keeps j - i ≥ k, lower keeps j - i ≤ k, over the last two dims. */
function trilu(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  if (x.rank < 2) ctx.fail(`input must have rank ≥ 2, got shape [${x.shape.join(', ')}]`);
  const k = ctx.has(1) ? scalarOf(ctx, 1, `input 'k'`) : 0;
  const upper = ctx.attrs.int('upper', 1) !== 0;
  const [rows, cols] = x.shape.slice(-2) as [number, number];
  return where(mask(x, rows, cols, 'bool', (i, j) => (upper ? j - i >= k : j - i <= k)), x, 0);
}

/** CumSum (opset 11): axis input; `exclusive` leaves out the element itself, `reverse` sums from the end. */
function cumSum(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const axis = axisIn(ctx, scalarOf(ctx, 1, `input 'axis'`), x.rank, `input 'axis'`);
  const exclusive = ctx.attrs.int('exclusive', 0) !== 0;
  const reverse = ctx.attrs.int('reverse', 0) !== 0;
  const n = x.shape[axis]!;
  const last = x.rank - 1;
  // Swap the axis to the end, sum with out[j] = Σ_i x[i]·T[i][j], swap back (a swap is its own inverse).
  const perm = [...Array(x.rank).keys()].map((d) => (d === axis ? last : d === last ? axis : d));
  // Integers sum exactly in float64 (to 2^53) and are cast back.
  const dtype = x.dtype === 'float32' ? 'float32' : 'float64';
  const moved = permute(x.dtype === dtype ? x : cast(x, dtype), perm);
  const tri = mask(x, n, n, dtype, (i, j) => (reverse ? (exclusive ? i > j : i >= j) : exclusive ? i < j : i <= j));
  const summed = permute(matmul(moved, tri), perm);
  return summed.dtype === x.dtype ? summed : cast(summed, x.dtype);
}

export const TRIANGULAR_OPS: readonly OpDef[] = [
  { opType: 'Trilu', since: 14, hostInputs: [1], run: trilu },
  { opType: 'CumSum', since: 11, hostInputs: [1], run: cumSum, notes: 'integers are summed in float64: exact up to 2^53' },
];

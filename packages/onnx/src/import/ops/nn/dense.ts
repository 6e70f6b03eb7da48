/** Gemm and MatMul. */
import { add, linear, matmul, mul, transpose } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';
import { floatInput, guard, optionalFloatInput } from './common.js';

/** Whether `shape` broadcasts to `target` one way (numpy rules, trailing dims aligned). */
function broadcastsTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  return shape.every((d, i) => d === 1 || d === target[target.length - shape.length + i]);
}

/** Y = alpha·A'·B' + beta·C, A' = transA ? Aᵀ : A (likewise B'), C broadcast to [M, N]. */
function runGemm(ctx: OpContext): Tensor {
  const a = floatInput(ctx, 0, 'input A');
  const b = floatInput(ctx, 1, 'input B');
  if (a.rank !== 2 || b.rank !== 2) ctx.fail(`A and B must be matrices, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const transA = ctx.attrs.int('transA', 0) !== 0;
  const transB = ctx.attrs.int('transB', 0) !== 0;
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== kb) ctx.fail(`inner dimensions differ: A ${fmtShape(a.shape)}${transA ? 'ᵀ' : ''} and B ${fmtShape(b.shape)}${transB ? 'ᵀ' : ''} (${k} vs ${kb})`);
  const left = transA ? transpose(a, 0, 1) : a;
  // A·Bᵀ is `linear`'s layout: one GEMM with no transposed copy of B.
  let y = guard(ctx, () => (transB ? linear(left, b) : matmul(left, b)));
  if (alpha !== 1) y = mul(y, alpha);
  const c = optionalFloatInput(ctx, 2, 'input C');
  if (!c) {
    if (ctx.opset < 11) ctx.fail('input C is required before opset 11');
    return y;
  }
  // Before opset 7, C broadcasts only with broadcast=1.
  const exact = ctx.opset < 7 && ctx.attrs.int('broadcast', 0) === 0;
  if (exact ? c.shape.join() !== `${m},${n}` : !broadcastsTo(c.shape, [m, n]))
    ctx.fail(`input C ${fmtShape(c.shape)} ${exact ? 'must be' : 'does not broadcast to'} [${m}, ${n}]${exact ? ' (broadcast = 0)' : ''}`);
  if (beta === 0) return y;
  return add(y, beta === 1 ? c : mul(c, beta));
}

/** numpy matmul: 1-D operands are promoted (and the added dim removed), batch dims broadcast. */
function runMatMul(ctx: OpContext): Tensor {
  const a = floatInput(ctx, 0, 'input A');
  const b = floatInput(ctx, 1, 'input B');
  if (a.rank === 0 || b.rank === 0) ctx.fail(`MatMul needs operands of rank ≥ 1, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return guard(ctx, () => matmul(a, b));
}

export const DENSE_OPS: readonly OpDef[] = [
  { opType: 'Gemm', since: 1, run: runGemm, notes: 'float inputs only' },
  { opType: 'MatMul', since: 1, run: runMatMul, notes: 'float inputs only' },
];

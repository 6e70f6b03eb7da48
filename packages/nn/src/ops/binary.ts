import type { BinaryOp, CompareOp, DType, LogicalOp } from '@pistil/backend';
import { broadcastShapes } from '@pistil/backend';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { checkAlive, runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { promoteTypes, sameShape, scalarDType, scalarTensor } from './util.js';
import type { TensorLike } from './util.js';

/** Gradients of a binary op: d/da and d/db from dy, at the *broadcast* shape (reduced by the caller). */
export type BinaryBackward = (dy: Tensor, a: Tensor, b: Tensor, y: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

function dtypeOf(a: TensorLike, b: TensorLike): DType {
  if (a instanceof Tensor && b instanceof Tensor) return promoteTypes(a.dtype, b.dtype);
  if (a instanceof Tensor) return scalarDType(b as number, a.dtype);
  if (b instanceof Tensor) return scalarDType(a as number, b.dtype);
  return 'float32';
}

/**
 * Converts both operands to tensors of one dtype on one device. Numbers become 0-d tensors; the
 * conversions made here are listed in `temps` so the caller can free them when nothing saves them.
 */
export function prepareOperands(a: TensorLike, b: TensorLike, dtype: DType | null, temps: Tensor[]): [Tensor, Tensor] {
  const target = dtype ?? dtypeOf(a, b);
  const device = a instanceof Tensor ? a.device : b instanceof Tensor ? b.device : undefined;
  const convert = (v: TensorLike): Tensor => {
    let t: Tensor;
    if (v instanceof Tensor) {
      if (v.dtype === target) return v;
      t = cast(v, target);
    } else {
      t = scalarTensor(v, target, device ?? 'cpu');
    }
    temps.push(t);
    return t;
  };
  return [convert(a), convert(b)];
}

/** Sums a broadcast gradient back to the shape of the operand it belongs to (recorded, for double backward). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reshape(sum(g, axes, true), shape);
}

/**
 * Shared forward for elementwise arithmetic: promotes dtypes, broadcasts, runs the kernel and
 * records a backward whose gradients are summed back to each operand's shape.
 */
export function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike, backward: BinaryBackward | null, dtype: DType | null = null): Tensor {
  checkAlive(op, a, b);
  const temps: Tensor[] = [];
  const [ta, tb] = prepareOperands(a, b, dtype, temps);
  broadcastShapes(op, ta.shape, tb.shape);
  const y = runKernel('binary', { a: ta, b: tb }, { op });
  const recording = backward !== null && isGradEnabled() && (ta.requiresGrad || tb.requiresGrad);
  if (!recording) {
    for (const t of temps) t.dispose();
    return y;
  }
  return record(op, [ta, tb], y, (dy, needs) => {
    const [ga, gb] = backward(dy, ta, tb, y, needs);
    return [ga && needs[0] ? sumToShape(ga, ta.shape) : null, gb && needs[1] ? sumToShape(gb, tb.shape) : null];
  });
}

/** Elementwise comparison or logic: output bool, no gradient. */
export function booleanOp(kernel: 'compare', op: CompareOp, a: TensorLike, b: TensorLike): Tensor;
export function booleanOp(kernel: 'logical', op: LogicalOp, a: TensorLike, b: TensorLike): Tensor;
export function booleanOp(kernel: 'compare' | 'logical', op: CompareOp | LogicalOp, a: TensorLike, b: TensorLike): Tensor {
  checkAlive(op, a, b);
  const temps: Tensor[] = [];
  const [ta, tb] = prepareOperands(a, b, kernel === 'logical' ? 'bool' : null, temps);
  broadcastShapes(op, ta.shape, tb.shape);
  const y = kernel === 'compare'
    ? runKernel('compare', { a: ta, b: tb }, { op: op as CompareOp })
    : runKernel('logical', { a: ta, b: tb }, { op: op as LogicalOp });
  for (const t of temps) t.dispose();
  return y;
}

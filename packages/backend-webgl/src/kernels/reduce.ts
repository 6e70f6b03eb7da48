import { DTypeError, ShapeError, fmtShape, reduceShape, sizeOf, stridesOf } from '@pistil/backend';
import type { DType, KernelImpl, ReduceOp, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslFloat } from '../glsl.js';
import { constant } from './constant.js';
import { foldAll, type Dim, type Fold } from './fold.js';

interface Plan {
  fold: Fold;
  /** The value of an empty reduction. */
  identity: number;
  dtype: DType;
}

/** Fold, identity and output dtype of an op on an input dtype; throws for a dtype the op refuses. */
function planOf(op: ReduceOp, x: TensorInfo): Plan {
  const dt = x.dtype;
  const isFloat = dt === 'float32';
  const refuse = (expected: string) => new DTypeError(`reduce ${op}: x has dtype ${dt}, expected ${expected}`);
  switch (op) {
    case 'sum': return { fold: 'sum', identity: 0, dtype: isFloat ? dt : 'int32' };
    case 'prod': return { fold: 'prod', identity: 1, dtype: isFloat ? dt : 'int32' };
    case 'max': return { fold: 'max', identity: -Infinity, dtype: dt };
    case 'min': return { fold: 'min', identity: Infinity, dtype: dt };
    case 'mean':
      if (!isFloat) throw refuse('float32');
      return { fold: 'sum', identity: NaN, dtype: dt };
    case 'any':
      if (dt !== 'bool') throw refuse('bool');
      return { fold: 'max', identity: 0, dtype: 'bool' };
    case 'all':
      if (dt !== 'bool') throw refuse('bool');
      return { fold: 'min', identity: 1, dtype: 'bool' };
  }
}

function checkAxes(op: string, shape: readonly number[], axes: readonly number[]): void {
  axes.forEach((a, i) => {
    if (!Number.isInteger(a) || a < 0 || a >= shape.length || (i > 0 && a <= axes[i - 1]!))
      throw new ShapeError(`${op}: axes [${axes.join(', ')}] must be sorted, unique and within the ${shape.length} dims of ${fmtShape(shape)}`);
  });
}

/**
 * x's dims split into kept and reduced, size-1 dims dropped and neighbours of the same kind
 * merged (a contiguous run of reduced dims is one dim), so the loops are as few as can be.
 */
export function splitDims(shape: readonly number[], axes: readonly number[]): { kept: Dim[]; reduced: Dim[] } {
  const strides = stridesOf(shape);
  const kept: Dim[] = [], reduced: Dim[] = [];
  let last: { list: Dim[]; dim: Dim } | undefined;
  shape.forEach((size, i) => {
    if (size === 1) return;
    const list = axes.includes(i) ? reduced : kept;
    if (last && last.list === list) {
      last.dim.size *= size;
      last.dim.stride = strides[i]!;
    } else {
      const dim = { size, stride: strides[i]! };
      list.push(dim);
      last = { list, dim };
    }
  });
  return { kept, reduced };
}

/**
 * Each output element folds its reduced terms in a loop (NaN tracked on the side for max/min);
 * more than 4096 terms are folded in several passes (see fold.ts).
 */
export const reduce: KernelImpl<WebGLBackend, 'reduce'> = (backend, { x }, { op, axes }) => {
  checkAxes(`reduce ${op}`, x.shape, axes);
  const plan = planOf(op, x);
  const outShape = reduceShape(x.shape, axes);
  const outSize = sizeOf(outShape);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  if (count === 0 && outSize > 0 && (op === 'max' || op === 'min') && plan.dtype !== 'float32')
    throw new ShapeError(`reduce ${op}: ${x.dtype} has no identity, and axes [${axes.join(', ')}] of ${fmtShape(x.shape)} are empty`);
  if (outSize === 0) return backend.empty(outShape, plan.dtype);
  if (count === 0) return constant(backend, 'reduce', outShape, plan.dtype, plan.identity);
  const { kept, reduced } = splitDims(x.shape, axes);
  return foldAll(backend, {
    kernel: `reduce ${op}`,
    x,
    kept,
    reduced,
    fold: plan.fold,
    output: { shape: outShape, dtype: plan.dtype },
    finish: op === 'mean' ? (v) => `${v} / ${glslFloat(count)}` : undefined,
  });
};

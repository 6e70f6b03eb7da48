/** Helpers shared by the 'math' op group: unary kernels with a named op, composite forwards, reduction gradients. */
import type { DType, UnaryOp } from '@pistil/backend';
import { broadcastShapes } from '@pistil/backend';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import type { BackwardFn } from '../autograd/node.js';
import { record } from '../autograd/record.js';
import { runKernel, tidy } from '../engine.js';
import type { TensorContainer } from '../engine.js';
import { DTypeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast-to.js';
import { reshape } from './reshape.js';
import { normalizeAxis, requireDType, requireFloat } from './util.js';
import type { TensorLike } from './util.js';

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];
export const NUMERIC_DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/** Whether an op on `inputs` is recorded for autograd right now. */
export function recording(inputs: readonly Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}

/** Runs the forward of a composite op unrecorded; every intermediate it does not return is freed. */
export function compute<T extends TensorContainer>(fn: () => T): T {
  return noGrad(() => tidy(fn));
}

/**
 * `record`, for an op whose backward closes over `saved` tensors made by its forward: when the op
 * is not recorded they are freed at once.
 */
export function recordSaving(op: string, inputs: readonly Tensor[], output: Tensor, saved: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!recording(inputs)) {
    for (const t of saved) t.dispose();
    return output;
  }
  return record(op, inputs, output, backward);
}

/** Gradient of a unary op from dy, the input x and the output y. */
export type UnaryGrad = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/**
 * Runs the `unary` kernel `kernelOp` for the op `name` (errors name `name`): checks the dtype
 * (float unless `dtypes` says otherwise), records `backward` under `name`.
 */
export function unaryKernel(
  name: string,
  kernelOp: UnaryOp,
  x: Tensor,
  backward: UnaryGrad | null,
  params: { alpha?: number; beta?: number } = {},
  dtypes: readonly DType[] = FLOAT_DTYPES,
): Tensor {
  if (dtypes === FLOAT_DTYPES) requireFloat(name, x);
  else requireDType(name, x, dtypes);
  const y = runKernel('unary', { x }, { op: kernelOp, ...params });
  if (!backward) return y;
  return record(name, [x], y, (dy) => [backward(dy, x, y)]);
}

export function shapeOf(v: TensorLike): readonly number[] {
  return v instanceof Tensor ? v.shape : [];
}

/** Checks that operands broadcast, with an error naming `op`; returns the broadcast shape. */
export function checkBroadcast(op: string, ...values: TensorLike[]): number[] {
  return broadcastShapes(op, ...values.map(shapeOf));
}

/** The gradient of a reduction, dy (of the op's output shape), spread back over x's shape. */
export function expandGrad(dy: Tensor, keptShape: readonly number[], shape: readonly number[]): Tensor {
  return broadcastTo(reshape(dy, keptShape), shape);
}

/** Number of elements a reduction over `axes` of `shape` combines. */
export function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a]!, 1);
}

/** The one axis of a softmax-like op as a list; a 0-d tensor accepts axis 0 or −1 and reduces nothing. */
export function singleAxis(op: string, axis: number, rank: number): number[] {
  if (rank === 0 && (axis === 0 || axis === -1)) return [];
  return [normalizeAxis(op, axis, rank)];
}

/** Arithmetic needs a numeric dtype: two bool tensors (which would stay bool) are a DTypeError naming `op`. */
export function requireNumeric(op: string, a: TensorLike, b: TensorLike): void {
  if (a instanceof Tensor && b instanceof Tensor && a.dtype === 'bool' && b.dtype === 'bool')
    throw new DTypeError(`${op}: expected numeric operands, got ${a.describe()} and ${b.describe()}; cast them with .int() or .float()`);
}

/** Helpers shared by the nn handlers: input checks, host constants, lifting 1-D windows to 2-D. */
import { PistilError, Tensor, reshape, tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import { OnnxFormatError, OnnxUnsupportedError } from '../../../errors.js';
import { sizeOfShape } from '../../../host-tensor.js';
import type { OpContext } from '../../op-types.js';

/** Input i on the device, which must hold floats (the nn kernels compute in float32/float64). */
export function floatInput(ctx: OpContext, i: number, what = `input ${i}`): Tensor {
  const t = ctx.tensor(i);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') ctx.unsupported(`${what} is ${t.dtype}; only float inputs are implemented`);
  return t;
}

/** Optional float input i, or undefined when it is empty or not given. */
export function optionalFloatInput(ctx: OpContext, i: number, what = `input ${i}`): Tensor | undefined {
  return ctx.has(i) ? floatInput(ctx, i, what) : undefined;
}

/**
 * Runs nn code whose shape checks may still throw (a shape the handler did not pre-check), so
 * that its message names the node; errors already naming it pass through.
 */
export function guard<T>(ctx: OpContext, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof OnnxFormatError || err instanceof OnnxUnsupportedError) throw err;
    if (err instanceof PistilError || err instanceof RangeError) ctx.fail(err.message);
    throw err;
  }
}

/** Refuses a shape the attributes or inputs blow up past 2^31 − 1 elements (before anything is allocated). */
export function checkSize(ctx: OpContext, shape: readonly number[], what: string): void {
  if (sizeOfShape(shape) < 0) ctx.fail(`${what} ${fmtShape(shape)} would hold more than 2^31 - 1 elements`);
}

/** A constant tensor with the dtype and device of `like` (weights, divisor maps). */
export function constantLike(like: Tensor, values: ArrayLike<number>, shape: readonly number[]): Tensor {
  return tensor(Float64Array.from(values), { shape, dtype: like.dtype, device: like.device });
}

/** `x` with at least `rank` dims, and whether it has N, C and the spatial dims of a window op. */
export function requireRank(ctx: OpContext, x: Tensor, min: number, what = 'input 0'): void {
  if (x.rank < min) ctx.fail(`${what} must have at least ${min} dims ([N, C, ...spatial]), got ${fmtShape(x.shape)}`);
}

/** Window ops run on 2-D kernels: one spatial dim becomes [1, L]; more than `max` are not implemented. */
export function spatialRankOf(ctx: OpContext, x: Tensor, what: string, max = 2): number {
  requireRank(ctx, x, 3);
  const spatial = x.rank - 2;
  if (spatial > max) ctx.unsupported(`${spatial}-D ${what} (input ${fmtShape(x.shape)}); only ${max === 2 ? '1-D and 2-D' : `up to ${max}-D`} are implemented`);
  return spatial;
}

/** [N, C, L] → [N, C, 1, L]; 2-D spatial tensors pass through. */
export function lift2d(x: Tensor): Tensor {
  return x.rank === 3 ? reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]) : x;
}

/** Back from `lift2d`: [N, C, 1, L] → [N, C, L] when the op was 1-D. */
export function lower2d(y: Tensor, spatial: number): Tensor {
  return spatial === 1 ? reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]) : y;
}

/** Per-dim values lifted to 2-D: a 1-D window gets `fill` for the dummy H dim. */
export function pair(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0]!] : [values[0]!, values[1]!];
}

/** Normalises an axis attribute into [0, rank), naming the attribute when it is out of range. */
export function axisIn(ctx: OpContext, name: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) ctx.fail(`attribute '${name}' = ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}


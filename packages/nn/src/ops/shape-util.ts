/** Helpers shared by the 'shape' op group: dim checks, host-built index tensors, op composition. */
import { ShapeError, fmtShape } from '@pistil/backend';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { tidy, upload } from '../engine.js';
import type { Device } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { requireDType } from './util.js';

/** A dim in [0, rank) from one in [−rank, rank); anything else is a ShapeError naming `op`. */
export function dimIn(op: string, dim: number, rank: number, shape?: readonly number[]): number {
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank)
    throw new ShapeError(`${op}: dim ${dim} is out of range for rank ${rank}${shape ? ` (shape ${fmtShape(shape)})` : ''}; expected an integer in [${-rank}, ${rank - 1}]`);
  return dim < 0 ? dim + rank : dim;
}

/** A non-negative integer argument, or a ShapeError naming `op`. */
export function checkCount(op: string, what: string, n: number, min = 0): void {
  if (!Number.isInteger(n) || n < min) throw new ShapeError(`${op}: ${what} must be an integer ≥ ${min}, got ${n}`);
}

/** `shape` with dim `d` replaced by `size`. */
export function withDim(shape: readonly number[], d: number, size: number): number[] {
  const out = [...shape];
  out[d] = size;
  return out;
}

/**
 * An int32 tensor built on the host from `values` — used only for index maps that depend on
 * shapes (never on tensor data), so it is not a host read of device data.
 */
export function hostIndex(values: readonly number[], shape: readonly number[], device: Device): Tensor {
  return upload(Int32Array.from(values), shape, 'int32', device);
}

/**
 * Runs a composition of recorded ops. When autograd will record (grad mode on and an input
 * requires grad) the intermediates belong to the graph and live as long as it; otherwise they
 * are freed at once and only the result survives.
 */
export function viaOps(inputs: readonly Tensor[], fn: () => Tensor): Tensor {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad) ? fn() : tidy(fn);
}

/** Like `viaOps` for ops that return several tensors. */
export function viaOpsMany(inputs: readonly Tensor[], fn: () => Tensor[]): Tensor[] {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad) ? fn() : tidy(fn);
}

/** An int32 index tensor from a tensor or a JS array; `made` says whether the caller must free it. */
export function toIndexTensor(op: string, index: Tensor | readonly number[], device: Device): { index: Tensor; made: boolean } {
  if (Array.isArray(index)) {
    const list = index as readonly number[];
    if (!list.every((v) => Number.isInteger(v))) throw new ShapeError(`${op}: index array must hold integers, got [${list.join(', ')}]`);
    return { index: hostIndex(list, [list.length], device), made: true };
  }
  const t = index as Tensor;
  requireDType(op, t, ['int32']);
  return { index: t, made: false };
}

/**
 * Runs `fn`, which may hand `temps` to recorded ops that save them for backward: frees them
 * afterwards unless the result was recorded (then the graph holds them until it is freed).
 * `savedBy`: the input whose recording saves them, when that is not the whole result's.
 */
export function withTemps(temps: readonly Tensor[], fn: () => Tensor, savedBy?: Tensor): Tensor {
  let out: Tensor | undefined;
  try {
    out = fn();
    return out;
  } finally {
    // Saved only if the op that takes them was recorded, i.e. its input (`savedBy`) requires grad.
    const saved = out?.gradFn && (savedBy === undefined || (isGradEnabled() && savedBy.requiresGrad));
    if (!saved) for (const t of temps) t.dispose();
  }
}

/**
 * Runs `fn`, whose gather/scatterAdd kernel checks index ranges, and re-throws a kernel
 * ShapeError under the op's name with `what` explains (the kernel only sees flat positions).
 */
export function namingIndexErrors(op: string, what: string, fn: () => Tensor): Tensor {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ShapeError) throw new ShapeError(`${op}: ${what} (${err.message})`);
    throw err;
  }
}

/**
 * How a Module knows which of its tensor fields are parameters and buffers: the tensor is marked
 * when made with `parameter()` / `buffer()` (PyTorch's `nn.Parameter` / `nn.Buffer`). The mark
 * travels with the tensor's identity, which `assign` (optimizer steps, loadStateDict) keeps.
 */
import { Tensor } from '../tensor.js';

export type TensorRole = 'parameter' | 'buffer' | 'transientBuffer';

const roles = new WeakMap<Tensor, TensorRole>();

/** The role a tensor was marked with, or undefined for a plain tensor. */
export function roleOf(t: Tensor): TensorRole | undefined {
  return roles.get(t);
}

export function markRole(t: Tensor, role: TensorRole): void {
  roles.set(t, role);
}

/**
 * Marks `t` as a trainable parameter, as `nn.Parameter(t)`: `requiresGrad` is set (float tensors
 * only) and the tensor is kept, so `tidy` never frees it. Assign it to a Module field to register it.
 */
export function parameter(t: Tensor, requiresGrad = true): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`parameter: expected a Tensor, got ${String(t)}`);
  if (t.gradFn) throw new TypeError(`parameter: ${t.describe()} was produced by a recorded op; pass a leaf (use .detach())`);
  t.requiresGrad = requiresGrad;
  t.kept = true;
  markRole(t, 'parameter');
  return t;
}

export interface BufferOptions {
  /** Saved in `stateDict()` (default true); a non-persistent buffer is state that is recomputed. */
  persistent?: boolean;
}

/**
 * Marks `t` as a buffer, as `nn.Buffer(t)`: module state that is not trained (BatchNorm's running
 * statistics). Kept, saved in `stateDict()` unless `persistent: false`, moved by `to()`.
 */
export function buffer(t: Tensor, options: BufferOptions = {}): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`buffer: expected a Tensor, got ${String(t)}`);
  t.kept = true;
  markRole(t, options.persistent === false ? 'transientBuffer' : 'buffer');
  return t;
}

import { DTypeError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { requireFloat } from './util.js';

/** Checks that every given tensor is float32/float64 and that they all share one dtype. */
export function requireFloats(op: string, ...tensors: (Tensor | null | undefined)[]): void {
  let first: Tensor | undefined;
  for (const t of tensors) {
    if (!t) continue;
    requireFloat(op, t);
    if (!first) first = t;
    else if (t.dtype !== first.dtype) throw new DTypeError(`${op}: inputs must share a dtype, got ${first.describe()} and ${t.describe()}`);
  }
}

/**
 * Collects the temporaries an op makes. `finish(out)` disposes them when `out` was not recorded
 * (no tape holds them then); when it was, the tape keeps them alive for backward.
 */
export class Temps {
  private readonly list: Tensor[] = [];

  /** Registers `t` as a temporary and returns it. */
  add<T extends Tensor>(t: T): T {
    this.list.push(t);
    return t;
  }

  finish(out: Tensor): Tensor {
    if (out.gradFn === null) for (const t of this.list) if (t !== out) t.dispose();
    return out;
  }

  /** Disposes every temporary (on an error path, where nothing was recorded that needs them). */
  dispose(): void {
    for (const t of this.list) t.dispose();
  }
}

/**
 * Runs `fn` (which calls another op), rewording a ShapeError it throws that does not name `op`, so
 * errors from 1-D ops run through 2-D ones name the op the user called and its inputs.
 */
export function reword<T>(op: string, context: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ShapeError && !err.message.startsWith(`${op}:`)) throw new ShapeError(`${op}: ${context}: ${err.message}`);
    throw err;
  }
}

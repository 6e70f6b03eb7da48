import { noGrad } from '../autograd/grad-mode.js';
import { full, normal, uniform } from '../creation.js';
import { requireFloat } from '../ops/util.js';
import type { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';

export interface InitOptions {
  /** Source of the random values (default: the global generator, seeded by `manualSeed`). */
  generator?: Generator;
}

/** Replaces t's values with `make()`'s (same shape, dtype, device) by `assign`, unrecorded. */
export function fillWith(t: Tensor, make: () => Tensor): Tensor {
  noGrad(() => {
    const value = make();
    try {
      t.assign(value);
    } finally {
      value.dispose();
    }
  });
  return t;
}

/** Fills t with U(a, b), in place; returns t. */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  requireFloat('init.uniform_', t);
  if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b)) throw new RangeError(`init.uniform_: need finite a ≤ b, got a = ${a}, b = ${b}`);
  return fillWith(t, () => uniform(t.shape, a, b, { dtype: t.dtype, device: t.device, generator: options.generator }));
}

/** Fills t with N(mean, std²), in place; returns t. */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  requireFloat('init.normal_', t);
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) throw new RangeError(`init.normal_: need a finite mean and std ≥ 0, got mean = ${mean}, std = ${std}`);
  return fillWith(t, () => normal(t.shape, mean, std, { dtype: t.dtype, device: t.device, generator: options.generator }));
}

/** Fills t with `value`, in place; returns t. */
export function constant_(t: Tensor, value: number): Tensor {
  if (typeof value !== 'number') throw new TypeError(`init.constant_: value must be a number, got ${typeof value}`);
  return fillWith(t, () => full(t.shape, value, { dtype: t.dtype, device: t.device }));
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

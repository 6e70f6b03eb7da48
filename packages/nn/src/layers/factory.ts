import type { Device } from '../engine.js';

/** Where and in what precision a layer makes its parameters (PyTorch's `device=`, `dtype=`). */
export interface FactoryOptions {
  dtype?: 'float32' | 'float64';
  device?: Device;
}

/** Checks a size argument of layer `op` is an integer ≥ `min`; returns it. */
export function intArg(op: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${op}: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

import type { DType } from '@pistil/backend';
import { ShapeError, fmtShape } from '@pistil/backend';
import { upload } from '../engine.js';
import type { Device } from '../engine.js';
import { DTypeError } from '../errors.js';
import { Tensor } from '../tensor.js';

/** A tensor, or a JS number that broadcasts like a 0-d tensor of a fitting dtype. */
export type TensorLike = Tensor | number;

const ORDER: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };

/** The dtype two tensors are computed in (as PyTorch: the wider kind wins). */
export function promoteTypes(a: DType, b: DType): DType {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** The dtype a JS number takes next to a tensor of `dtype` (numbers are "weak", as in PyTorch). */
export function scalarDType(value: number, dtype: DType): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  if (!Number.isInteger(value)) return 'float32';
  return dtype === 'bool' ? 'int32' : dtype;
}

export function isFloat(t: Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64';
}

export function requireFloat(op: string, t: Tensor): void {
  if (!isFloat(t)) throw new DTypeError(`${op}: expected a float tensor, got ${t.describe()}; cast it with .float()`);
}

export function requireDType(op: string, t: Tensor, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) throw new DTypeError(`${op}: expected dtype ${allowed.join(' or ')}, got ${t.describe()}`);
}

/** A 0-d tensor holding `value`. */
export function scalarTensor(value: number, dtype: DType, device: Device): Tensor {
  const t = upload(new (dtype === 'float64' ? Float64Array : dtype === 'float32' ? Float32Array : dtype === 'int32' ? Int32Array : Uint8Array)([value]), [], dtype, device);
  return t;
}

/** An axis in [0, rank), accepting negative axes counted from the end. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  // A 0-d tensor accepts axis 0 and -1, as in PyTorch.
  const r = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) throw new ShapeError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + r : axis;
}

/** Sorted unique axes; `undefined` means all. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return [...Array(rank).keys()];
  const list = (typeof axes === 'number' ? [axes] : axes).map((a) => normalizeAxis(op, a, rank));
  const unique = [...new Set(list)].sort((p, q) => p - q);
  if (unique.length !== list.length) throw new ShapeError(`${op}: repeated axis in [${(typeof axes === 'number' ? [axes] : axes).join(', ')}]`);
  return unique;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function checkShape(op: string, what: string, t: Tensor, expected: readonly number[]): void {
  if (!sameShape(t.shape, expected)) throw new ShapeError(`${op}: ${what} must have shape ${fmtShape(expected)}, got ${fmtShape(t.shape)}`);
}

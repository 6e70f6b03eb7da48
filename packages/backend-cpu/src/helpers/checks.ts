import { DTypeError, ShapeError, fmtShape } from '@pistil/backend';
import type { DType, TensorInfo } from '@pistil/backend';

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];
export const NUMERIC_DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint8'];

/** Throws a `DTypeError` naming the op and the input unless `t.dtype` is one of `allowed`. */
export function requireDType(op: string, name: string, t: TensorInfo, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) throw new DTypeError(`${op}: ${name} has dtype ${t.dtype}, expected ${allowed.join(' or ')}`);
}

/** Throws a `DTypeError` unless every input has the dtype of the first. */
export function requireSameDType(op: string, named: Record<string, TensorInfo>): void {
  // Runs on every kernel call: a plain loop, the entries only built for the message.
  let first: DType | undefined;
  for (const key in named) {
    const dtype = named[key]!.dtype;
    first ??= dtype;
    if (dtype !== first) {
      const entries = Object.entries(named);
      throw new DTypeError(`${op}: inputs must share a dtype, got ${entries.map(([n, t]) => `${n} ${t.dtype}`).join(', ')}`);
    }
  }
}

/** Throws a `ShapeError` unless `shape` has `rank` dims. */
export function requireRank(op: string, name: string, shape: readonly number[], rank: number, layout: string): void {
  if (shape.length !== rank) throw new ShapeError(`${op}: ${name} must be ${layout}, got ${fmtShape(shape)}`);
}

/** Throws a `ShapeError` unless two shapes are equal. */
export function requireShape(op: string, name: string, got: readonly number[], expected: readonly number[]): void {
  if (got.length !== expected.length || got.some((d, i) => d !== expected[i]))
    throw new ShapeError(`${op}: ${name} has shape ${fmtShape(got)}, expected ${fmtShape(expected)}`);
}

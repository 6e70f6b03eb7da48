/**
 * A tensor held on the host: initializers as read from the file, and the small integer tensors of
 * shape arithmetic (Shape → Gather → Concat → Reshape) that the importer folds on the host so
 * that they never round-trip through a device. `data` is Float32Array for floats of up to 32 bits,
 * Float64Array for doubles and 64-bit integers (exact up to 2^53), Int32Array for smaller
 * integers, Uint8Array for uint8 and bool.
 */
import { FormatError, fmtShape } from '@pistil/backend';
import type { ElemType } from './elem-types.js';

export type HostData = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Above this many elements an ONNX tensor is refused before anything is allocated (2^31 - 1, any dtype). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

export class HostTensor {
  constructor(
    readonly type: ElemType,
    readonly shape: readonly number[],
    readonly data: HostData,
  ) {
    if (sizeOfShape(shape) !== data.length) throw new FormatError(`HostTensor: ${data.length} values for shape ${fmtShape(shape)}`);
  }

  get size(): number {
    return this.data.length;
  }

  /** Values as plain numbers (for attributes-like inputs: shapes, axes, pads, scales). */
  numbers(): number[] {
    return Array.from(this.data as ArrayLike<number>);
  }

  static of(type: ElemType, shape: readonly number[], values: ArrayLike<number>): HostTensor {
    const data = allocFor(type, values.length);
    for (let i = 0; i < values.length; i++) data[i] = values[i]!;
    return new HostTensor(type, shape, data);
  }
}

export function allocFor(type: ElemType, n: number): HostData {
  switch (type) {
    case 'float32': case 'float16': case 'bfloat16': return new Float32Array(n);
    case 'float64': case 'int64': case 'uint32': case 'uint64': return new Float64Array(n);
    case 'bool': case 'uint8': return new Uint8Array(n);
    default: return new Int32Array(n);
  }
}

/** Element count of a shape, or -1 when a dim is negative, fractional or the product exceeds MAX_ELEMENTS. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return -1;
    n *= d;
    if (n > MAX_ELEMENTS) return -1;
  }
  return n;
}

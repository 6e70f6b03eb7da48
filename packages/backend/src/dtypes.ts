/** Element types a tensor can hold. `float64` exists for exact references and gradient checks. */
export type DType = 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint8', 'bool'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The typed array that stores each dtype; `bool` is stored as 0/1 bytes. */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const satisfies Record<DType, { new (n: number): TypedArray; BYTES_PER_ELEMENT: number }>;

export function bytesPerElement(dtype: DType): number {
  return ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
}

export function isFloatDType(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype === 'float32' || dtype === 'float64';
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

export function newTypedArray(dtype: DType, size: number): TypedArray {
  return new ARRAY_TYPES[dtype](size);
}

/** Number of elements of a shape; `[]` (a scalar) has one. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

import type { DType, TypedArray } from '@pistil/backend';

/** A typed array of `dtype` over `size` elements of `buffer` from byte `ptr` (bool is stored as bytes). */
export function viewAt(dtype: DType, buffer: ArrayBufferLike, ptr: number, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(buffer, ptr, size);
    case 'float64': return new Float64Array(buffer, ptr, size);
    case 'int32': return new Int32Array(buffer, ptr, size);
    case 'uint8':
    case 'bool': return new Uint8Array(buffer, ptr, size);
  }
}

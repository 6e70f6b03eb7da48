/** Little-endian conversions between typed arrays and safetensors bytes (any host byte order). */
import type { TypedArray } from '@pistil/backend';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of `values` (a view when the host is little-endian, as all common ones are). */
export function toLittleEndian(values: TypedArray): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const size = values.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN || size === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k]!;
  return out;
}

type Ctor<T extends TypedArray> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** A typed array (own, aligned buffer) from little-endian bytes. */
export function fromLittleEndian<T extends TypedArray>(bytes: Uint8Array, type: Ctor<T>): T {
  const copy = bytes.slice();
  const size = type.BYTES_PER_ELEMENT;
  if (!LITTLE_ENDIAN && size > 1) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return new type(copy.buffer);
}

/** An IEEE half-precision bit pattern as a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** IEEE half (F16) or bfloat16 (BF16) bytes widened to float32. */
export function widen16(bytes: Uint8Array, kind: 'F16' | 'BF16'): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 2);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < out.length; i++) {
    const h = view.getUint16(2 * i, true);
    if (kind === 'BF16') bits[i] = h << 16;
    else out[i] = halfToFloat(h);
  }
  return out;
}

/** Int64 bytes narrowed to int32; returns the index of the first value out of range, or -1. */
export function narrowInt64(bytes: Uint8Array): { values: Int32Array; badIndex: number; badValue: bigint } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Int32Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) {
    const v = view.getBigInt64(8 * i, true);
    if (v < -2147483648n || v > 2147483647n) return { values, badIndex: i, badValue: v };
    values[i] = Number(v);
  }
  return { values, badIndex: -1, badValue: 0n };
}

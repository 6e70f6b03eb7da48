import { expect } from 'vitest';
import type { HostImage } from '../src/index.js';

/** A float32 image from nested rows per channel: img([[[1, 2], [3, 4]]]) is 1×2×2. */
export function img(channels: number[][][]): HostImage {
  const C = channels.length;
  const H = channels[0]!.length;
  const W = channels[0]![0]!.length;
  return { data: Float32Array.from(channels.flat(2)), shape: [C, H, W] };
}

/** The same as `img`, with uint8 pixels. */
export function img8(channels: number[][][]): HostImage {
  const f = img(channels);
  return { data: Uint8Array.from(f.data), shape: f.shape };
}

/** A C×H×W image whose pixel values are 0, 1, 2… (row-major). */
export function ramp(C: number, H: number, W: number): HostImage {
  return { data: Float32Array.from({ length: C * H * W }, (_, i) => i), shape: [C, H, W] };
}

/** Nested rows per channel, for readable assertions. */
export function rows(image: HostImage): number[][][] {
  const [C, H, W] = image.shape;
  return Array.from({ length: C }, (_, c) => Array.from({ length: H }, (_, y) => Array.from(image.data.subarray(c * H * W + y * W, c * H * W + (y + 1) * W))));
}

/** Element-wise |got − want| ≤ tol. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length, 'length').toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `element ${i}: got ${got[i]}, want ${want[i]}`).toBeLessThanOrEqual(tol);
}

/** Bytes of an IDX file, encoded independently of the reader (big-endian via DataView). */
export function idxBytes(code: number, dims: number[], values: ArrayLike<number>): Uint8Array {
  const size = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[code] ?? 1;
  const out = new Uint8Array(4 + 4 * dims.length + values.length * size);
  const v = new DataView(out.buffer);
  v.setUint8(2, code);
  v.setUint8(3, dims.length);
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
  const o = 4 + 4 * dims.length;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (code === 0x08) v.setUint8(o + i, x);
    else if (code === 0x09) v.setInt8(o + i, x);
    else if (code === 0x0b) v.setInt16(o + 2 * i, x, false);
    else if (code === 0x0c) v.setInt32(o + 4 * i, x, false);
    else if (code === 0x0d) v.setFloat32(o + 4 * i, x, false);
    else v.setFloat64(o + 8 * i, x, false);
  }
  return out;
}

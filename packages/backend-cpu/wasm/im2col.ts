/**
 * float32 im2col / col2im for one image and one group, as src/helpers/im2col.ts (which documents
 * the layout): the column matrix is [C·KH·KW, OH·OW]. Pointers are byte addresses in the heap.
 * Rows with stride 1 (the common case) are a block copy in im2col: short rows (LeNet's are 10-28
 * floats) with inline v128 loads and stores, which cost less than a memory.copy/memory.fill call
 * each; long ones with memory.copy. Address arithmetic wraps modulo 2³², so a negative shift
 * (left padding) is added as its u32 image.
 */

/** Rows from this many bytes up go to memory.copy / memory.fill. */
const BULK: usize = 512;

/** Copies `bytes` (a multiple of 4) from src to dst (not overlapping). */
// @ts-ignore: decorator
@inline function copyRow(dst: usize, src: usize, bytes: usize): void {
  if (bytes >= BULK) {
    memory.copy(dst, src, bytes);
  } else if (bytes >= 16) {
    let i: usize = 0;
    for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
    // The last 16 bytes again, overlapping what is already copied: no scalar tail.
    if (i < bytes) v128.store(dst + bytes - 16, v128.load(src + bytes - 16));
  } else {
    for (let i: usize = 0; i < bytes; i += 4) store<i32>(dst + i, load<i32>(src + i));
  }
}

/** Zeroes `bytes` (a multiple of 4) at dst. */
// @ts-ignore: decorator
@inline function zeroRow(dst: usize, bytes: usize): void {
  if (bytes >= BULK) {
    memory.fill(dst, 0, bytes);
  } else if (bytes >= 16) {
    const z = i32x4.splat(0);
    let i: usize = 0;
    for (; i + 16 <= bytes; i += 16) v128.store(dst + i, z);
    if (i < bytes) v128.store(dst + bytes - 16, z);
  } else {
    for (let i: usize = 0; i < bytes; i += 4) store<i32>(dst + i, 0);
  }
}

/** First output column whose input column ox·sw + shift is ≥ 0 (clamped to [0, ow]). */
// @ts-ignore: decorator
@inline function firstValid(ow: i32, sw: i32, shift: i32): i32 {
  return min(ow, shift < 0 ? (sw - 1 - shift) / sw : 0);
}

/** One past the last output column whose input column ox·sw + shift is < w (and ≥ first). */
// @ts-ignore: decorator
@inline function endValid(w: i32, ow: i32, sw: i32, shift: i32, first: i32): i32 {
  const lastIn = w - 1 - shift;
  return max(first, min(ow, lastIn < 0 ? 0 : lastIn / sw + 1));
}

export function im2col(
  x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, col: usize,
): void {
  let dst = col;
  const rowBytes = <usize>ow << 2;
  for (let ch = 0; ch < c; ch++) {
    const plane = x + (<usize>(ch * h * w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const shift = kj * dw - pl;
        const first = firstValid(ow, sw, shift), end = endValid(w, ow, sw, shift, first);
        for (let oy = 0; oy < oh; oy++, dst += rowBytes) {
          const iy = oy * sh - pt + ki * dh;
          if (iy < 0 || iy >= h) {
            zeroRow(dst, rowBytes);
            continue;
          }
          if (first > 0) zeroRow(dst, <usize>first << 2);
          const src = plane + <usize>((iy * w + shift) << 2);
          if (sw == 1) {
            copyRow(dst + (<usize>first << 2), src + (<usize>first << 2), <usize>(end - first) << 2);
          } else {
            for (let ox = first; ox < end; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sw) << 2)));
          }
          if (end < ow) zeroRow(dst + (<usize>end << 2), <usize>(ow - end) << 2);
        }
      }
    }
  }
}

/** dx += col2im(col): every column entry added back onto the input pixel it came from. */
export function col2im(
  col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, dx: usize,
): void {
  let src = col;
  const rowBytes = <usize>ow << 2;
  for (let ch = 0; ch < c; ch++) {
    const plane = dx + (<usize>(ch * h * w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const shift = kj * dw - pl;
        const first = firstValid(ow, sw, shift), end = endValid(w, ow, sw, shift, first);
        for (let oy = 0; oy < oh; oy++, src += rowBytes) {
          const iy = oy * sh - pt + ki * dh;
          if (iy < 0 || iy >= h) continue;
          const row = plane + <usize>((iy * w + shift) << 2);
          let ox = first;
          if (sw == 1) {
            for (; ox + 4 <= end; ox += 4) {
              const d = row + (<usize>ox << 2);
              v128.store(d, f32x4.add(v128.load(d), v128.load(src + (<usize>ox << 2))));
            }
          }
          for (; ox < end; ox++) {
            const d = row + (<usize>(ox * sw) << 2);
            store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>ox << 2)));
          }
        }
      }
    }
  }
}

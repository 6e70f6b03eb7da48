/**
 * float32 im2col / col2im for one image and one group, as src/helpers/im2col.ts (which documents
 * the layout): the column matrix is [C·KH·KW, OH·OW]. Pointers are byte addresses in the heap.
 * Rows with stride 1 (the common case) are one memory.copy in im2col. Address arithmetic
 * wraps modulo 2³², so a negative shift (left padding) is added as its u32 image.
 */

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
            memory.fill(dst, 0, rowBytes);
            continue;
          }
          if (first > 0) memory.fill(dst, 0, <usize>first << 2);
          const src = plane + <usize>((iy * w + shift) << 2);
          if (sw == 1) {
            memory.copy(dst + (<usize>first << 2), src + (<usize>first << 2), <usize>(end - first) << 2);
          } else {
            for (let ox = first; ox < end; ox++) store<f32>(dst + (<usize>ox << 2), load<f32>(src + (<usize>(ox * sw) << 2)));
          }
          if (end < ow) memory.fill(dst + (<usize>end << 2), 0, <usize>(ow - end) << 2);
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

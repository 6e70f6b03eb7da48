/**
 * float32 im2col / col2im for one image and one group, as src/helpers/im2col.ts (which documents
 * the layout): the column matrix is [C·KH·KW, OH·OW]. Pointers are byte addresses in the heap.
 * Rows with stride 1 (the common case) are a block copy in im2col: short rows (LeNet's are 10-28
 * floats) with inline v128 loads and stores, which cost less than a memory.copy/memory.fill call
 * each; long ones with memory.copy. Address arithmetic wraps modulo 2³², so a negative shift
 * (left padding) is added as its u32 image.
 */
import { biasAct } from './epilogue';
import { sgemm } from './gemm';

/** Rows from this many bytes up go to memory.copy / memory.fill. */
const BULK: usize = 512;

/** Copies `bytes` (a multiple of 4) from src to dst (not overlapping). */
// @ts-ignore: decorator
@inline export function copyRow(dst: usize, src: usize, bytes: usize): void {
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
@inline export function zeroRow(dst: usize, bytes: usize): void {
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

/**
 * Fills the column matrix of one image/group at col: row (ch, ki, kj) of OH·OW floats starts at
 * col + row·ldc floats (ldc = OH·OW for one image's own matrix; images·OH·OW to fill one image's
 * columns of a batch's [C·KH·KW, images·OH·OW] matrix).
 */
export function im2col(
  x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, col: usize, ldc: i32,
): void {
  const rowBytes = <usize>ow << 2;
  let colRow = col;
  for (let ch = 0; ch < c; ch++) {
    const plane = x + (<usize>(ch * h * w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++, colRow += <usize>ldc << 2) {
        let dst = colRow;
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

/** dx += col2im(col): every column entry added back onto the input pixel it came from (col rows ldc floats apart, as im2col). */
export function col2im(
  col: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, oh: i32, ow: i32,
  sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32, dx: usize, ldc: i32,
): void {
  const rowBytes = <usize>ow << 2;
  let colRow = col;
  for (let ch = 0; ch < c; ch++) {
    const plane = dx + (<usize>(ch * h * w) << 2);
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++, colRow += <usize>ldc << 2) {
        let src = colRow;
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

/**
 * Copies `imgs` blocks of `rows` rows of `n` floats: row r of block i from src + i·sImg + r·sRow
 * to dst + i·dImg + r·dRow (strides in floats; no overlap). Moves a batched convolution's
 * [O, images·OH·OW] GEMM result into [N, O, OH, OW] and back.
 */
export function copyBlocks(
  src: usize, sImg: i32, sRow: i32, dst: usize, dImg: i32, dRow: i32, imgs: i32, rows: i32, n: i32,
): void {
  const bytes = <usize>n << 2;
  for (let i = 0; i < imgs; i++) {
    let s = src + (<usize>(i * sImg) << 2), d = dst + (<usize>(i * dImg) << 2);
    for (let r = 0; r < rows; r++, s += <usize>sRow << 2, d += <usize>dRow << 2) copyRow(d, s, bytes);
  }
}

/**
 * The first image of the next unclaimed chunk of [i0, …): chunk number params[20]++ (an atomic
 * add where memory is shared, so the threads running one kernel share out its chunks as they go:
 * one held up by the scheduler leaves the rest to the others).
 */
// @ts-ignore: decorator
@inline export function claim(p: usize, i0: i32, chunk: i32): i32 {
  if (ASC_FEATURE_THREADS) return i0 + atomic.add<i32>(p + 80, 1) * chunk;
  const k = load<i32>(p, 80);
  store<i32>(p, k + 1, 80);
  return i0 + k * chunk;
}

/**
 * A batched float32 convolution's forward pass for the images of [i0, i1) on the calling thread (one
 * worker's share of a batch): per chunk of `chunk` images and per group, im2col into col
 * [Cg·KH·KW, chunk·OH·OW], one sgemm with the group's weights into res [Og, chunk·OH·OW] (or
 * straight into out for a chunk of one image), then each image's block copied into out
 * [N, O, OH, OW]. `p` points at 20 i32 parameters: x, C, H, W, Cg, KH, KW, OH, OW, sh, sw, pt, pl,
 * dh, dw, groups, O, weights, out, chunk, then a chunk counter (0 to start: every thread running
 * a kernel claims chunks of `chunk` images until none is left), then the fused epilogue's bias
 * (a pointer, 0 for none) and activation code (wasm/epilogue.ts), applied to each chunk's result
 * while it is in cache: 23 i32 in all. col, res and ws (sgemm workspace) are this call's own.
 */
export function convForward(p: usize, i0: i32, i1: i32, col: usize, res: usize, ws: usize): void {
  const x = <usize>load<i32>(p), c = load<i32>(p, 4), h = load<i32>(p, 8), w = load<i32>(p, 12);
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const sh = load<i32>(p, 36), sw = load<i32>(p, 40), pt = load<i32>(p, 44), pl = load<i32>(p, 48), dh = load<i32>(p, 52), dw = load<i32>(p, 56);
  const groups = load<i32>(p, 60), o = load<i32>(p, 64), wt = <usize>load<i32>(p, 68), out = <usize>load<i32>(p, 72), chunk = load<i32>(p, 76);
  const bias = <usize>load<i32>(p, 84), act = load<i32>(p, 88), epilogue = bias != 0 || act != 0;
  const og = o / groups, pix = oh * ow, kdim = cg * kh * kw;
  for (let a = claim(p, i0, chunk); a < i1; a = claim(p, i0, chunk)) {
    const nb = min(chunk, i1 - a), cols = nb * pix;
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < nb; j++) {
        im2col(x + (<usize>(((a + j) * c + g * cg) * h * w) << 2), cg, h, w, kh, kw, oh, ow, sh, sw, pt, pl, dh, dw, col + (<usize>(j * pix) << 2), cols);
      }
      const wg = wt + (<usize>(g * og * kdim) << 2), dst = out + (<usize>((a * o + g * og) * pix) << 2);
      const bg = bias != 0 ? bias + (<usize>(g * og) << 2) : 0;
      if (nb == 1) {
        sgemm(og, pix, kdim, wg, kdim, 1, col, cols, 1, dst, pix, false, ws);
        if (epilogue) biasAct(dst, og, pix, pix, bg, true, act);
      } else {
        sgemm(og, cols, kdim, wg, kdim, 1, col, cols, 1, res, cols, false, ws);
        if (epilogue) biasAct(res, og, cols, cols, bg, true, act);
        copyBlocks(res, pix, cols, dst, o * pix, pix, nb, og, pix);
      }
    }
  }
}

/**
 * convForward's backward passes, on the same parameters with x meaning dx (convBackpropInput)
 * and out meaning dy (both). convBackpropInput shares out chunks as convForward;
 * convBackpropFilter takes [i0, i1) as given (its sums, and so its float32 rounding, then do not
 * depend on which thread ran what). convBackpropInput: per chunk and group, dy's rows gathered into dys
 * [Og, chunk·OH·OW], col = wᵀ · dys, col2im per image into dx (which must start zeroed).
 */
export function convBackpropInput(p: usize, i0: i32, i1: i32, col: usize, dys: usize, ws: usize): void {
  const dx = <usize>load<i32>(p), c = load<i32>(p, 4), h = load<i32>(p, 8), w = load<i32>(p, 12);
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const sh = load<i32>(p, 36), sw = load<i32>(p, 40), pt = load<i32>(p, 44), pl = load<i32>(p, 48), dh = load<i32>(p, 52), dw = load<i32>(p, 56);
  const groups = load<i32>(p, 60), o = load<i32>(p, 64), wt = <usize>load<i32>(p, 68), dy = <usize>load<i32>(p, 72), chunk = load<i32>(p, 76);
  const og = o / groups, pix = oh * ow, kdim = cg * kh * kw;
  for (let a = claim(p, i0, chunk); a < i1; a = claim(p, i0, chunk)) {
    const nb = min(chunk, i1 - a), cols = nb * pix;
    for (let g = 0; g < groups; g++) {
      const dyg = dy + (<usize>((a * o + g * og) * pix) << 2);
      if (nb == 1) {
        sgemm(kdim, cols, og, wt + (<usize>(g * og * kdim) << 2), 1, kdim, dyg, pix, 1, col, cols, false, ws);
      } else {
        copyBlocks(dyg, o * pix, pix, dys, pix, cols, nb, og, pix);
        sgemm(kdim, cols, og, wt + (<usize>(g * og * kdim) << 2), 1, kdim, dys, cols, 1, col, cols, false, ws);
      }
      for (let j = 0; j < nb; j++) {
        col2im(col + (<usize>(j * pix) << 2), cg, h, w, kh, kw, oh, ow, sh, sw, pt, pl, dh, dw, dx + (<usize>(((a + j) * c + g * cg) * h * w) << 2), cols);
      }
    }
  }
}

/**
 * dwOut[O, Cg·KH·KW] += Σ over images [i0, i1) of dy · im2col(x)ᵀ, per chunk and group one sgemm
 * with K = chunk·OH·OW (dy's rows gathered into dys as in convBackpropInput).
 */
export function convBackpropFilter(p: usize, i0: i32, i1: i32, col: usize, dys: usize, dwOut: usize, ws: usize): void {
  const x = <usize>load<i32>(p), c = load<i32>(p, 4), h = load<i32>(p, 8), w = load<i32>(p, 12);
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const sh = load<i32>(p, 36), sw = load<i32>(p, 40), pt = load<i32>(p, 44), pl = load<i32>(p, 48), dh = load<i32>(p, 52), dw = load<i32>(p, 56);
  const groups = load<i32>(p, 60), o = load<i32>(p, 64), dy = <usize>load<i32>(p, 72), chunk = load<i32>(p, 76);
  const og = o / groups, pix = oh * ow, kdim = cg * kh * kw;
  for (let a = i0; a < i1; a += chunk) {
    const nb = min(chunk, i1 - a), cols = nb * pix;
    for (let g = 0; g < groups; g++) {
      for (let j = 0; j < nb; j++) {
        im2col(x + (<usize>(((a + j) * c + g * cg) * h * w) << 2), cg, h, w, kh, kw, oh, ow, sh, sw, pt, pl, dh, dw, col + (<usize>(j * pix) << 2), cols);
      }
      const dyg = dy + (<usize>((a * o + g * og) * pix) << 2), dwg = dwOut + (<usize>(g * og * kdim) << 2);
      if (nb == 1) {
        sgemm(og, kdim, cols, dyg, pix, 1, col, 1, cols, dwg, kdim, true, ws);
      } else {
        copyBlocks(dyg, o * pix, pix, dys, pix, cols, nb, og, pix);
        sgemm(og, kdim, cols, dys, cols, 1, col, 1, cols, dwg, kdim, true, ws);
      }
    }
  }
}

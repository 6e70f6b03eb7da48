/**
 * Convolutions without an im2col matrix (stride 1 along the width): per image and group, the
 * image's channels are copied zero-padded into scratch, and one GEMM takes the im2col matrix (or
 * its transpose, for the filter gradient) that sgemm packs straight from that copy
 * (pack-conv.ts). Against im2col + sgemm it skips writing and re-reading the whole column matrix
 * (K·OH·OW floats) — most of a small convolution's time besides the GEMM itself. Every output
 * element is the same float32 sum as im2col + the blocked sgemm's: same packed operands.
 */
import { biasAct } from './epilogue';
import { gemmCore } from './gemm';
import { claim, copyRow, zeroRow } from './im2col';
import { CONV_B_BYTES, setConvB } from './pack-conv';

/** Padded rows and columns the convolution reads: Hp, Wp (stride 1 along the width). */
// @ts-ignore: decorator
@inline function paddedRows(oh: i32, sh: i32, kh: i32, dh: i32): i32 {
  return (oh - 1) * sh + (kh - 1) * dh + 1;
}

// @ts-ignore: decorator
@inline function paddedCols(ow: i32, kw: i32, dw: i32): i32 {
  return ow + (kw - 1) * dw;
}

/** 16-byte multiple of n bytes. */
// @ts-ignore: decorator
@inline function align16(n: i32): i32 {
  return (n + 15) & ~15;
}

/**
 * Scratch bytes `convImage` needs for the parameter block at p (convForward's layout): the packing
 * descriptor, the tap offsets and one group's padded channels with room for packBConv's overreads.
 */
export function convImageBytes(p: usize): i32 {
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const sh = load<i32>(p, 36), dh = load<i32>(p, 52), dw = load<i32>(p, 56);
  const hp = paddedRows(oh, sh, kh, dh), wp = paddedCols(ow, kw, dw);
  return <i32>CONV_B_BYTES + align16(cg * kh * kw * 4) + (cg * hp * wp + sh * wp + 16) * 4;
}

/**
 * Copies group g of image `image` (convForward's parameter block at p) zero-padded into scratch,
 * with the tap offsets and the packing descriptor (pack-conv.ts; `transposed` for the filter
 * gradient's B); returns the descriptor's address. Stride 1 along the width, which callers check.
 */
function paddedImage(p: usize, image: i32, g: i32, scratch: usize, transposed: bool): usize {
  const x = <usize>load<i32>(p), c = load<i32>(p, 4), h = load<i32>(p, 8), w = load<i32>(p, 12);
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const sh = load<i32>(p, 36), pt = load<i32>(p, 44), pl = load<i32>(p, 48), dh = load<i32>(p, 52), dw = load<i32>(p, 56);
  const hp = paddedRows(oh, sh, kh, dh), wp = paddedCols(ow, kw, dw), plane = hp * wp;
  const desc = scratch, off = scratch + CONV_B_BYTES, xp = off + <usize>align16(cg * kh * kw * 4);
  // Tap offsets in the padded copy, (channel, ki, kj) in im2col's row order.
  for (let ch = 0, t = off; ch < cg; ch++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++, t += 4) store<i32>(t, ch * plane + ki * dh * wp + kj * dw);
    }
  }
  setConvB(desc, xp, wp, ow, oh * ow, sh * wp, off, transposed);
  const rowBytes = <usize>wp << 2;
  // Columns [pl, end) of a padded row hold the image's row; the rest are zeros.
  const first = min(pl, wp), end = max(first, min(wp, pl + w));
  const src = x + (<usize>((image * c + g * cg) * h * w) << 2);
  let dst = xp;
  for (let ch = 0; ch < cg; ch++) {
    for (let i = 0; i < hp; i++, dst += rowBytes) {
      const iy = i - pt;
      if (iy < 0 || iy >= h) {
        zeroRow(dst, rowBytes);
        continue;
      }
      if (first > 0) zeroRow(dst, <usize>first << 2);
      copyRow(dst + (<usize>first << 2), src + (<usize>((ch * h + iy) * w + first - pl) << 2), <usize>(end - first) << 2);
      if (end < wp) zeroRow(dst + (<usize>end << 2), <usize>(wp - end) << 2);
    }
  }
  // The overread room: zeros, so that no stray NaN or denormal reaches the discarded columns.
  zeroRow(dst, <usize>(sh * wp + 16) << 2);
  return desc;
}

/**
 * The convolution of image `image` of the batch, on convForward's parameter block at p (its
 * chunk and counter unused; stride 1 along the width, which callers check): output channels of
 * each group into out, then the bias and activation. scratch: convImageBytes(p) bytes, 16-byte
 * aligned; ws: sgemm's workspace.
 */
export function convImage(p: usize, image: i32, scratch: usize, ws: usize): void {
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const groups = load<i32>(p, 60), o = load<i32>(p, 64), wt = <usize>load<i32>(p, 68), out = <usize>load<i32>(p, 72);
  const bias = <usize>load<i32>(p, 84), act = load<i32>(p, 88);
  const og = o / groups, pix = oh * ow, kdim = cg * kh * kw;
  for (let g = 0; g < groups; g++) {
    const desc = paddedImage(p, image, g, scratch, false);
    const dst = out + (<usize>((image * o + g * og) * pix) << 2);
    gemmCore(og, pix, kdim, wt + (<usize>(g * og * kdim) << 2), kdim, 1, 0, 0, 0, dst, pix, false, ws, desc);
    if (bias != 0 || act != 0) biasAct(dst, og, pix, pix, bias != 0 ? bias + (<usize>(g * og) << 2) : 0, true, act);
  }
}

/**
 * convImage for every image of [i0, i1) on convForward's parameter block, the threads running it
 * claiming images one at a time (its chunk counter); scratch: convImageBytes(p), this thread's own.
 */
export function convImages(p: usize, i0: i32, i1: i32, scratch: usize, ws: usize): void {
  for (let i = claim(p, i0, 1); i < i1; i = claim(p, i0, 1)) convImage(p, i, scratch, ws);
}

/**
 * The filter gradient of the images [i0, i1), added into dwOut [O, Cg·KH·KW] (the parameter block
 * as convForward's, dy in place of out): per image and group, dy[Og, OH·OW] · im2col(x)ᵀ as one
 * GEMM whose B panels are gathered from the padded image, no im2col matrix; image by image, the
 * same sums as im2col + sgemm. The range is fixed (not claimed), so the float32 sums do not depend
 * on which thread ran what. scratch: convImageBytes(p), this thread's own.
 */
export function convFilterImages(p: usize, i0: i32, i1: i32, scratch: usize, dwOut: usize, ws: usize): void {
  const cg = load<i32>(p, 16), kh = load<i32>(p, 20), kw = load<i32>(p, 24), oh = load<i32>(p, 28), ow = load<i32>(p, 32);
  const groups = load<i32>(p, 60), o = load<i32>(p, 64), dy = <usize>load<i32>(p, 72);
  const og = o / groups, pix = oh * ow, kdim = cg * kh * kw;
  for (let i = i0; i < i1; i++) {
    for (let g = 0; g < groups; g++) {
      const desc = paddedImage(p, i, g, scratch, true);
      const dyg = dy + (<usize>((i * o + g * og) * pix) << 2);
      gemmCore(og, kdim, pix, dyg, pix, 1, 0, 0, 0, dwOut + (<usize>(g * og * kdim) << 2), kdim, true, ws, desc);
    }
  }
}

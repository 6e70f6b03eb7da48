/**
 * im2col / col2im for one image and one group. The column matrix is [C·KH·KW, OH·OW]: row
 * (c, ki, kj) holds, for every output position, the input pixel that kernel tap sees (0 in the
 * padding). Convolution is then a matrix product with the weights seen as [O, C·KH·KW].
 */
import type { Conv2dAttrs } from '@pistil/backend';
import type { FloatArray } from './gemm.js';

export interface ConvGeometry {
  /** Channels of one group, input height and width. */
  c: number; h: number; w: number;
  kh: number; kw: number;
  oh: number; ow: number;
  sh: number; sw: number;
  /** Top and left padding. */
  pt: number; pl: number;
  dh: number; dw: number;
}

/** The geometry of one group of a convolution of x [N, C, H, W] by a [KH, KW] kernel into [OH, OW]. */
export function convGeometry(
  xShape: readonly number[], channelsPerGroup: number, kernel: readonly [number, number], outHW: readonly [number, number], attrs: Conv2dAttrs,
): ConvGeometry {
  return {
    c: channelsPerGroup, h: xShape[2]!, w: xShape[3]!,
    kh: kernel[0], kw: kernel[1], oh: outHW[0], ow: outHW[1],
    sh: attrs.stride[0], sw: attrs.stride[1], pt: attrs.pads[0], pl: attrs.pads[1],
    dh: attrs.dilation[0], dw: attrs.dilation[1],
  };
}

/** True when the column matrix is the image itself (1×1 kernel, stride 1, no padding, same size). */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pt === 0 && g.pl === 0 && g.oh === g.h && g.ow === g.w;
}

/** Output columns [first, end) whose input column ox·sw − pl + kj·dw falls inside [0, w). */
function validRange(g: ConvGeometry, kj: number): [number, number] {
  const shift = kj * g.dw - g.pl;
  const first = Math.min(g.ow, Math.max(0, Math.ceil(-shift / g.sw)));
  const end = Math.max(first, Math.min(g.ow, Math.floor((g.w - 1 - shift) / g.sw) + 1));
  return [first, end];
}

/** Fills col (from colOff) with the columns of the image/group at x[xOff…]. */
export function im2col(x: FloatArray, xOff: number, g: ConvGeometry, col: FloatArray, colOff: number): void {
  const { c, h, w, kh, kw, oh, ow, sh, sw, pt, pl, dh, dw } = g;
  let dst = colOff;
  for (let ch = 0; ch < c; ch++) {
    const plane = xOff + ch * h * w;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const [first, end] = validRange(g, kj);
        const shift = kj * dw - pl;
        for (let oy = 0; oy < oh; oy++, dst += ow) {
          const iy = oy * sh - pt + ki * dh;
          if (iy < 0 || iy >= h) {
            col.fill(0, dst, dst + ow);
            continue;
          }
          const rowStart = plane + iy * w + shift;
          if (first > 0) col.fill(0, dst, dst + first);
          for (let ox = first; ox < end; ox++) col[dst + ox] = x[rowStart + ox * sw]!;
          if (end < ow) col.fill(0, dst + end, dst + ow);
        }
      }
    }
  }
}

/** Adds every column entry back onto the input pixel it came from: dx[xOff…] += col2im(col). */
export function col2im(col: FloatArray, colOff: number, g: ConvGeometry, dx: FloatArray, xOff: number): void {
  const { c, h, w, kh, kw, oh, ow, sh, sw, pt, dh, dw, pl } = g;
  let src = colOff;
  for (let ch = 0; ch < c; ch++) {
    const plane = xOff + ch * h * w;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const [first, end] = validRange(g, kj);
        const shift = kj * dw - pl;
        for (let oy = 0; oy < oh; oy++, src += ow) {
          const iy = oy * sh - pt + ki * dh;
          if (iy < 0 || iy >= h) continue;
          const rowStart = plane + iy * w + shift;
          for (let ox = first; ox < end; ox++) dx[rowStart + ox * sw] += col[src + ox]!;
        }
      }
    }
  }
}

/**
 * Bytes of scratch (column matrix and GEMM staging) a batched float32 convolution kernel uses per
 * chunk of images (per thread): about half an L2 cache, so that the columns im2col writes are
 * still cached when the GEMM reads them. Measured on LeNet's layers (Node 20, 2 MB L2), 256 KB to
 * 1 MB chunks (conv1: 10 images of 97 KB; conv2: 15 of 66 KB) beat both one image (−10-20% on the
 * forward pass) and whole batches of 64 (5 MB: +15%). A layer whose single image needs more runs
 * one image at a time.
 */
export const CONV_CHUNK_BYTES = 1 << 20;

/**
 * Chunk budget of conv2dBackpropFilter: 0, one image per GEMM. Its per-image product needs no
 * gathered copy of dy and accumulates into dw in place; one GEMM over a chunk (K = images·OH·OW)
 * measured 3-5% slower on LeNet's layers.
 */
export const CONV_FILTER_CHUNK_BYTES = 0;

/**
 * The chunk budgets in effect, whether a batch (n > 1) is split across the worker threads by
 * images (each thread running the whole batched kernel in WebAssembly on its share) rather than
 * run on the calling thread with each GEMM split by columns, and whether chunks of one image
 * skip the column matrix (wasm/conv-image.ts). Tests and benchmarks change these.
 */
export const convChunk = { bytes: CONV_CHUNK_BYTES, filterBytes: CONV_FILTER_CHUNK_BYTES, imageThreads: true, direct: true };

/** Images per chunk of a batch of n when each needs `floatsPerImage` float32 scratch values (at least 1). */
export function imagesPerChunk(n: number, floatsPerImage: number, budget = convChunk.bytes): number {
  return Math.max(1, Math.min(n, Math.floor(budget / (4 * Math.max(1, floatsPerImage)))));
}

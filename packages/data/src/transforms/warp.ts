import { emptyLike, imageDims, perChannel, writerOf } from '../image.js';
import type { HostImage, ImageArray } from '../image.js';

export type Interpolation = 'bilinear' | 'nearest';

export function checkInterpolation(op: string, value: Interpolation | undefined): Interpolation {
  const v = value ?? 'bilinear';
  if (v !== 'bilinear' && v !== 'nearest') throw new RangeError(`${op}: interpolation must be 'bilinear' or 'nearest', got '${String(v)}'`);
  return v;
}

/** Where each output pixel reads the input, one row at a time (so no pixel allocates). */
export interface Warp {
  /** Source coordinates (pixel indices, fractional) of output row `y`, into `xs`/`ys` (length W). */
  row(y: number, xs: Float64Array, ys: Float64Array): void;
}

/**
 * Resamples an image through `warp`, bilinearly or nearest; neighbours outside the input count
 * as `fill`. Same size and dtype out (uint8 rounded).
 */
export function warpImage(op: string, image: HostImage, warp: Warp, fill: number | readonly number[], interpolation: Interpolation): HostImage {
  const [C, H, W] = imageDims(op, image);
  const src = image.data;
  const out = emptyLike(src, src.length);
  const dst = writerOf(out);
  const fills = Float64Array.from(perChannel(op, 'fill', fill, C));
  const xs = new Float64Array(W);
  const ys = new Float64Array(W);
  const plane = H * W;
  for (let y = 0; y < H; y++) {
    warp.row(y, xs, ys);
    for (let x = 0; x < W; x++) {
      const o = y * W + x;
      if (interpolation === 'nearest') nearestAt(src, C, H, W, xs[x]!, ys[x]!, fills, dst, o, plane);
      else bilinearAt(src, C, H, W, xs[x]!, ys[x]!, fills, dst, o, plane);
    }
  }
  return { data: out, shape: [C, H, W] };
}

function nearestAt(src: ImageArray, C: number, H: number, W: number, x: number, y: number, fills: Float64Array, dst: Float32Array | Uint8ClampedArray, o: number, plane: number): void {
  const xi = Math.round(x);
  const yi = Math.round(y);
  const inside = xi >= 0 && yi >= 0 && xi < W && yi < H;
  for (let c = 0; c < C; c++) dst[o + c * plane] = inside ? src[c * plane + yi * W + xi]! : fills[c]!;
}

function bilinearAt(src: ImageArray, C: number, H: number, W: number, x: number, y: number, fills: Float64Array, dst: Float32Array | Uint8ClampedArray, o: number, plane: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const inX0 = x0 >= 0 && x0 < W;
  const inX1 = x0 + 1 >= 0 && x0 + 1 < W;
  const inY0 = y0 >= 0 && y0 < H;
  const inY1 = y0 + 1 >= 0 && y0 + 1 < H;
  if (!(inX0 || inX1) || !(inY0 || inY1)) {
    for (let c = 0; c < C; c++) dst[o + c * plane] = fills[c]!;
    return;
  }
  const w00 = (1 - fx) * (1 - fy);
  const w01 = fx * (1 - fy);
  const w10 = (1 - fx) * fy;
  const w11 = fx * fy;
  const r0 = y0 * W + x0;
  const r1 = r0 + W;
  for (let c = 0; c < C; c++) {
    const f = fills[c]!;
    const p = c * plane;
    const v00 = inY0 && inX0 ? src[p + r0]! : f;
    const v01 = inY0 && inX1 ? src[p + r0 + 1]! : f;
    const v10 = inY1 && inX0 ? src[p + r1]! : f;
    const v11 = inY1 && inX1 ? src[p + r1 + 1]! : f;
    dst[o + c * plane] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
  }
}

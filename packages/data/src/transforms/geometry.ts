import { ShapeError } from '@pistil/nn';
import { emptyLike, imageDims, perChannel } from '../image.js';
import type { HostImage } from '../image.js';

export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** `[height, width]` from one number (a square) or a pair, checked to be positive integers. */
export function parseSize(op: string, size: number | readonly [number, number]): [number, number] {
  const hw: [number, number] = typeof size === 'number' ? [size, size] : [size[0], size[1]];
  if (!Array.isArray(size) && typeof size !== 'number') throw new TypeError(`${op}: size must be a number or [height, width]`);
  if (hw.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`${op}: size must be positive integers, got ${JSON.stringify(size)}`);
  return hw;
}

/** `[left, top, right, bottom]` from one number, `[leftRight, topBottom]` or four numbers (torchvision's order). */
export function parsePadding(op: string, padding: number | readonly number[]): [number, number, number, number] {
  const p = typeof padding === 'number' ? [padding] : [...padding];
  const ltrb: [number, number, number, number] | null =
    p.length === 1 ? [p[0]!, p[0]!, p[0]!, p[0]!] : p.length === 2 ? [p[0]!, p[1]!, p[0]!, p[1]!] : p.length === 4 ? [p[0]!, p[1]!, p[2]!, p[3]!] : null;
  if (!ltrb) throw new RangeError(`${op}: padding must be one number, [leftRight, topBottom] or [left, top, right, bottom], got ${JSON.stringify(padding)}`);
  if (ltrb.some((d) => !Number.isInteger(d) || d < 0)) throw new RangeError(`${op}: padding must be non-negative integers, got ${JSON.stringify(padding)}`);
  return ltrb;
}

/** The `h`×`w` window at (`top`, `left`), which must lie inside the image. */
export function crop(op: string, image: HostImage, top: number, left: number, h: number, w: number): HostImage {
  const [C, H, W] = imageDims(op, image);
  if (top < 0 || left < 0 || top + h > H || left + w > W)
    throw new ShapeError(`${op}: crop ${h}×${w} at (${top}, ${left}) does not fit in a ${H}×${W} image`);
  const src = image.data;
  const out = emptyLike(src, C * h * w);
  for (let c = 0; c < C; c++)
    for (let y = 0; y < h; y++) {
      const from = c * H * W + (top + y) * W + left;
      out.set(src.subarray(from, from + w), c * h * w + y * w);
    }
  return { data: out, shape: [C, h, w] };
}

/** For each output position of a padded axis, the source index, or −1 for the fill value. */
function sourceIndices(op: string, n: number, before: number, after: number, mode: PaddingMode): Int32Array {
  if ((mode === 'reflect' && (before >= n || after >= n)) || (mode === 'symmetric' && (before > n || after > n)) || (mode !== 'constant' && n === 0))
    throw new RangeError(`${op}: ${mode} padding of ${Math.max(before, after)} needs a larger dimension than ${n}`);
  const out = new Int32Array(before + n + after);
  for (let i = 0; i < out.length; i++) {
    const x = i - before;
    if (x >= 0 && x < n) out[i] = x;
    else if (mode === 'constant') out[i] = -1;
    else if (mode === 'edge') out[i] = x < 0 ? 0 : n - 1;
    else if (mode === 'reflect') out[i] = x < 0 ? -x : 2 * (n - 1) - x;
    else out[i] = x < 0 ? -x - 1 : 2 * n - 1 - x;
  }
  return out;
}

/** The image padded by `[left, top, right, bottom]` pixels: with `fill`, or by edge/reflect/symmetric. */
export function padImage(op: string, image: HostImage, ltrb: readonly [number, number, number, number], fill: number | readonly number[], mode: PaddingMode): HostImage {
  const [C, H, W] = imageDims(op, image);
  const [l, t, r, b] = ltrb;
  const rows = sourceIndices(op, H, t, b, mode);
  const cols = sourceIndices(op, W, l, r, mode);
  const oh = rows.length;
  const ow = cols.length;
  const fills = perChannel(op, 'fill', fill, C);
  const src = image.data;
  const out = emptyLike(src, C * oh * ow);
  for (let c = 0; c < C; c++) {
    const f = fills[c]!;
    for (let y = 0; y < oh; y++) {
      const sy = rows[y]!;
      const o = c * oh * ow + y * ow;
      const s = c * H * W + sy * W;
      for (let x = 0; x < ow; x++) {
        const sx = cols[x]!;
        out[o + x] = sy < 0 || sx < 0 ? f : src[s + sx]!;
      }
    }
  }
  return { data: out, shape: [C, oh, ow] };
}

/** The image mirrored left–right. */
export function hflip(op: string, image: HostImage): HostImage {
  const [C, H, W] = imageDims(op, image);
  const src = image.data;
  const out = emptyLike(src, src.length);
  for (let row = 0; row < C * H; row++) {
    const o = row * W;
    for (let x = 0; x < W; x++) out[o + x] = src[o + W - 1 - x]!;
  }
  return { data: out, shape: [C, H, W] };
}

import { emptyLike, imageDims, writerOf } from '../image.js';
import type { HostImage } from '../image.js';
import { parseSize } from './geometry.js';
import type { Transform } from './transform.js';

export interface ResizeOptions {
  /** 'bilinear' (default) or 'nearest'. No antialiasing either way. */
  interpolation?: 'bilinear' | 'nearest';
  /** With a single-number size: the longer side is capped at this. */
  maxSize?: number;
}

/**
 * Resizes to `[height, width]`, or, given one number, so the shorter side has that length and
 * the aspect ratio is kept (as torchvision). Bilinear with half-pixel centres (PyTorch's
 * `align_corners=False`) and no antialiasing, so shrinking by much more than 2× aliases.
 * uint8 images stay uint8 (rounded).
 */
export class Resize implements Transform {
  private readonly size: number | [number, number];
  readonly interpolation: 'bilinear' | 'nearest';
  readonly maxSize: number | undefined;

  constructor(size: number | readonly [number, number], options: ResizeOptions = {}) {
    const hw = parseSize('Resize', size);
    this.size = typeof size === 'number' ? size : hw;
    this.interpolation = options.interpolation ?? 'bilinear';
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') throw new RangeError(`Resize: interpolation must be 'bilinear' or 'nearest', got '${String(options.interpolation)}'`);
    this.maxSize = options.maxSize;
    if (this.maxSize !== undefined && (typeof size !== 'number' || !Number.isInteger(this.maxSize) || this.maxSize <= size))
      throw new RangeError(`Resize: maxSize needs a single-number size and must be an integer larger than it, got size ${JSON.stringify(size)}, maxSize ${this.maxSize}`);
  }

  /** The output [height, width] for an input of `h`×`w`. */
  outputSize(h: number, w: number): [number, number] {
    if (typeof this.size !== 'number') return this.size;
    const [short, long] = w <= h ? [w, h] : [h, w];
    let newShort = this.size;
    let newLong = Math.floor((this.size * long) / short);
    if (this.maxSize !== undefined && newLong > this.maxSize) {
      newShort = Math.floor((this.maxSize * newShort) / newLong);
      newLong = this.maxSize;
    }
    return w <= h ? [newLong, newShort] : [newShort, newLong];
  }

  apply(image: HostImage): HostImage {
    const [C, H, W] = imageDims('Resize', image);
    const [oh, ow] = this.outputSize(H, W);
    if (oh === H && ow === W) return image;
    const ys = axisTaps(H, oh, this.interpolation);
    const xs = axisTaps(W, ow, this.interpolation);
    const src = image.data;
    const out = emptyLike(src, C * oh * ow);
    const dst = writerOf(out);
    for (let c = 0; c < C; c++) {
      const base = c * H * W;
      for (let y = 0; y < oh; y++) {
        const r0 = base + ys.i0[y]! * W;
        const r1 = base + ys.i1[y]! * W;
        const wy = ys.w1[y]!;
        const o = c * oh * ow + y * ow;
        for (let x = 0; x < ow; x++) {
          const x0 = xs.i0[x]!;
          const x1 = xs.i1[x]!;
          const wx = xs.w1[x]!;
          const top = src[r0 + x0]! + (src[r0 + x1]! - src[r0 + x0]!) * wx;
          const bottom = src[r1 + x0]! + (src[r1 + x1]! - src[r1 + x0]!) * wx;
          dst[o + x] = top + (bottom - top) * wy;
        }
      }
    }
    return { data: out, shape: [C, oh, ow] };
  }
}

/** Per output index along one axis: the two source indices and the weight of the second. */
function axisTaps(n: number, m: number, mode: 'bilinear' | 'nearest'): { i0: Int32Array; i1: Int32Array; w1: Float64Array } {
  const i0 = new Int32Array(m);
  const i1 = new Int32Array(m);
  const w1 = new Float64Array(m);
  const scale = n / m;
  for (let j = 0; j < m; j++) {
    if (mode === 'nearest') {
      i0[j] = i1[j] = Math.min(Math.floor(j * scale), n - 1); // PyTorch's 'nearest'
      continue;
    }
    const s = Math.max((j + 0.5) * scale - 0.5, 0);
    const k = Math.min(Math.floor(s), n - 1);
    i0[j] = k;
    i1[j] = Math.min(k + 1, n - 1);
    w1[j] = s - k;
  }
  return { i0, i1, w1 };
}

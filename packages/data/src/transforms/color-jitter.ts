import { ShapeError, defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { imageDims, writerOf } from '../image.js';
import type { HostImage } from '../image.js';
import { randperm, uniform } from '../random.js';
import type { Transform } from './transform.js';

export interface ColorJitterOptions {
  /** Factor range: b means [max(0, 1 − b), 1 + b]; or [min, max]. */
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
  /** Hue shift range as a fraction of the colour wheel: h means [−h, h], h ≤ 0.5; or [min, max]. */
  hue?: number | readonly [number, number];
}

// ITU-R 601-2 luma, as torchvision's rgb_to_grayscale.
const LUMA = [0.2989, 0.587, 0.114] as const;

function factorRange(what: string, v: number | readonly [number, number] | undefined, center: number, bounds: [number, number]): [number, number] | null {
  if (v === undefined) return null;
  let r: [number, number];
  if (typeof v === 'number') {
    if (!(v >= 0)) throw new RangeError(`ColorJitter: ${what} must be non-negative when one number, got ${v}`);
    r = [Math.max(center - v, bounds[0]), center + v];
  } else r = [v[0], v[1]];
  if (!(r[0] >= bounds[0] && r[1] <= bounds[1] && r[0] <= r[1])) throw new RangeError(`ColorJitter: ${what} range ${JSON.stringify(r)} must lie in [${bounds.join(', ')}] with min ≤ max`);
  return r[0] === center && r[1] === center ? null : r;
}

/**
 * Random brightness, contrast, saturation and hue, applied in a random order with factors drawn
 * per sample (as torchvision). Works on float images in [0, 1] or uint8 in [0, 255], clamping to
 * that range; contrast, saturation and hue need 1 or 3 channels (on 1 channel, saturation and
 * hue change nothing).
 */
export class ColorJitter implements Transform {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;

  constructor(options: ColorJitterOptions = {}) {
    this.brightness = factorRange('brightness', options.brightness, 1, [0, Infinity]);
    this.contrast = factorRange('contrast', options.contrast, 1, [0, Infinity]);
    this.saturation = factorRange('saturation', options.saturation, 1, [0, Infinity]);
    this.hue = factorRange('hue', options.hue, 0, [-0.5, 0.5]);
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    const [C, H, W] = imageDims('ColorJitter', image);
    const order = randperm(4, generator);
    const b = this.brightness && uniform(generator, ...this.brightness);
    const c = this.contrast && uniform(generator, ...this.contrast);
    const s = this.saturation && uniform(generator, ...this.saturation);
    const h = this.hue && uniform(generator, ...this.hue);
    if (b === null && c === null && s === null && h === null) return image;
    if (C !== 1 && C !== 3 && (c !== null || s !== null || h !== null))
      throw new ShapeError(`ColorJitter: contrast, saturation and hue need 1 or 3 channels, the image has ${C}`);
    const bound = image.data instanceof Uint8Array ? 255 : 1;
    const x = Float32Array.from(image.data);
    const plane = H * W;
    for (const op of order) {
      if (op === 0 && b !== null) blend(x, b, 0, plane, bound);
      if (op === 1 && c !== null) blend(x, c, grayPlane(x, C, plane).reduce((a, v) => a + v, 0) / plane, plane, bound);
      if (op === 2 && s !== null && C === 3) blend(x, s, grayPlane(x, C, plane), plane, bound);
      if (op === 3 && h !== null && C === 3) shiftHue(x, h, plane, bound);
    }
    if (bound === 1) return { data: x, shape: [C, H, W] };
    const out = new Uint8Array(x.length);
    writerOf(out).set(x);
    return { data: out, shape: [C, H, W] };
  }
}

/** The luma of each pixel (the channel itself for 1 channel). */
function grayPlane(x: Float32Array, C: number, plane: number): Float32Array {
  if (C === 1) return x.slice(0, plane);
  const out = new Float32Array(plane);
  for (let p = 0; p < plane; p++) out[p] = LUMA[0] * x[p]! + LUMA[1] * x[p + plane]! + LUMA[2] * x[p + 2 * plane]!;
  return out;
}

/** x ← clamp(f·x + (1 − f)·other) per channel, `other` one value or one per pixel (torchvision's _blend). */
function blend(x: Float32Array, f: number, other: number | Float32Array, plane: number, bound: number): void {
  for (let i = 0; i < x.length; i++) {
    const o = typeof other === 'number' ? other : other[i % plane]!;
    x[i] = Math.min(bound, Math.max(0, f * x[i]! + (1 - f) * o));
  }
}

/** Rotates the hue of every RGB pixel by `shift` turns (torchvision's HSV round trip). */
function shiftHue(x: Float32Array, shift: number, plane: number, bound: number): void {
  for (let p = 0; p < plane; p++) {
    const r = x[p]! / bound;
    const g = x[p + plane]! / bound;
    const b = x[p + 2 * plane]! / bound;
    const maxc = Math.max(r, g, b);
    const minc = Math.min(r, g, b);
    const cr = maxc - minc;
    const s = maxc === minc ? 0 : cr / maxc;
    let h = 0;
    if (cr > 0) {
      const rc = (maxc - r) / cr;
      const gc = (maxc - g) / cr;
      const bc = (maxc - b) / cr;
      h = maxc === r ? bc - gc : maxc === g ? 2 + rc - bc : 4 + gc - rc;
      h = (((h / 6 + 1) % 1) + shift + 1) % 1;
    }
    const v = maxc;
    const i6 = Math.floor(h * 6);
    const f = h * 6 - i6;
    const pv = v * (1 - s);
    const qv = v * (1 - s * f);
    const tv = v * (1 - s * (1 - f));
    const i = i6 % 6;
    const [ro, go, bo] = i === 0 ? [v, tv, pv] : i === 1 ? [qv, v, pv] : i === 2 ? [pv, v, tv] : i === 3 ? [pv, qv, v] : i === 4 ? [tv, pv, v] : [v, pv, qv];
    x[p] = ro * bound;
    x[p + plane] = go * bound;
    x[p + 2 * plane] = bo * bound;
  }
}

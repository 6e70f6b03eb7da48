import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { imageDims } from '../image.js';
import type { HostImage } from '../image.js';
import { uniform } from '../random.js';
import { checkInterpolation, warpImage } from './warp.js';
import type { Interpolation } from './warp.js';
import type { Transform } from './transform.js';

export interface AffineParams {
  /** Rotation in degrees, clockwise on screen (torchvision's `affine` convention). */
  angle?: number;
  /** Shift in pixels [x, y]; positive moves the content right and down. */
  translate?: readonly [number, number];
  scale?: number;
  /** Shear angles in degrees [x, y]. */
  shear?: readonly [number, number];
  /** Value of pixels from outside the input, one or per channel (default 0). */
  fill?: number | readonly number[];
  interpolation?: Interpolation;
  /** Fixed point [x, y] in continuous pixel coordinates (pixel i spans [i, i+1]); default the image centre. */
  center?: readonly [number, number];
}

/** Snaps tiny products of cos/sin (cos 90° ≈ 6e−17) to 0 so right angles map pixels exactly. */
const snap = (v: number): number => (Math.abs(v) < 1e-12 ? 0 : v);

/**
 * The inverse of rotate·shear·scale about the centre then translate, as torchvision's
 * `_get_inverse_affine_matrix`: maps output coordinates (relative to the centre) to input ones.
 */
function inverseAffine(angle: number, [tx, ty]: readonly [number, number], scale: number, [shx, shy]: readonly [number, number], [cx, cy]: readonly [number, number]): number[] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shx * Math.PI) / 180;
  const sy = (shy * Math.PI) / 180;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => snap(v / scale));
  m[2] = m[0]! * (-cx - tx) + m[1]! * (-cy - ty) + cx;
  m[5] = m[3]! * (-cx - tx) + m[4]! * (-cy - ty) + cy;
  return m;
}

/** Rotates, scales, shears and shifts an image about its centre (torchvision's `F.affine`). */
export function affine(image: HostImage, params: AffineParams): HostImage {
  const [, H, W] = imageDims('affine', image);
  const { angle = 0, translate = [0, 0], scale = 1, shear = [0, 0], fill = 0 } = params;
  if (!(scale > 0)) throw new RangeError(`affine: scale must be positive, got ${scale}`);
  if (![angle, ...translate, ...shear].every(Number.isFinite)) throw new RangeError(`affine: angle, translate and shear must be finite, got ${JSON.stringify(params)}`);
  const interpolation = checkInterpolation('affine', params.interpolation);
  // Coordinates relative to the image centre, as torchvision's affine grid.
  const center: [number, number] = params.center ? [params.center[0] - W / 2, params.center[1] - H / 2] : [0, 0];
  const m = inverseAffine(angle, translate, scale, shear, center);
  const ox = W / 2 - 0.5;
  const oy = H / 2 - 0.5;
  return warpImage('affine', image, {
    row(y, xs, ys) {
      const by = y - oy;
      let ix = m[0]! * -ox + m[1]! * by + m[2]! + ox;
      let iy = m[3]! * -ox + m[4]! * by + m[5]! + oy;
      for (let x = 0; x < xs.length; x++, ix += m[0]!, iy += m[3]!) {
        xs[x] = ix;
        ys[x] = iy;
      }
    },
  }, fill, interpolation);
}

export interface RandomAffineOptions {
  /** Rotation range: d means [−d, d]; or [min, max]. 0 for none. */
  degrees: number | readonly [number, number];
  /** Largest shift as fractions of [width, height]; the shift is whole pixels (as torchvision). */
  translate?: readonly [number, number];
  /** Scale range [min, max]. */
  scale?: readonly [number, number];
  /** x-shear range: s means [−s, s]; [min, max]; or [xmin, xmax, ymin, ymax] for both axes. */
  shear?: number | readonly number[];
  fill?: number | readonly number[];
  /** Default 'bilinear' (torchvision defaults to 'nearest'). */
  interpolation?: Interpolation;
  center?: readonly [number, number];
}

const range = (op: string, what: string, v: number | readonly number[], symmetric: boolean): [number, number] => {
  const r: number[] = typeof v === 'number' ? (symmetric ? [-v, v] : [v, v]) : [...v];
  if (typeof v === 'number' && v < 0) throw new RangeError(`${op}: ${what} must be non-negative when one number, got ${v}`);
  if (r.length !== 2 || !r.every(Number.isFinite) || r[0]! > r[1]!) throw new RangeError(`${op}: ${what} must be a number or [min, max] with min ≤ max, got ${JSON.stringify(v)}`);
  return [r[0]!, r[1]!];
};

/**
 * A random affine distortion per sample — rotation, shift, scale, shear — the "artificial
 * distortions" LeCun et al. (1998) trained LeNet-5 with. Parameters are drawn as torchvision's
 * RandomAffine draws them; resampling is bilinear by default.
 */
export class RandomAffine implements Transform {
  private readonly degrees: [number, number];
  private readonly translate: readonly [number, number] | null;
  private readonly scale: [number, number] | null;
  private readonly shear: [number, number, number, number] | null;
  private readonly fill: number | readonly number[];
  private readonly interpolation: Interpolation;
  private readonly center: readonly [number, number] | undefined;

  constructor(options: RandomAffineOptions) {
    const op = 'RandomAffine';
    this.degrees = range(op, 'degrees', options.degrees, true);
    this.translate = options.translate ?? null;
    if (this.translate && (this.translate.length !== 2 || !this.translate.every((t) => t >= 0 && t <= 1)))
      throw new RangeError(`${op}: translate must be [fractionX, fractionY] in [0, 1], got ${JSON.stringify(options.translate)}`);
    this.scale = options.scale ? range(op, 'scale', options.scale, false) : null;
    if (this.scale && this.scale[0] <= 0) throw new RangeError(`${op}: scale must be positive, got ${JSON.stringify(options.scale)}`);
    const shear = options.shear;
    if (shear === undefined) this.shear = null;
    else if (typeof shear !== 'number' && shear.length === 4) this.shear = [...range(op, 'shear x', shear.slice(0, 2), true), ...range(op, 'shear y', shear.slice(2), true)];
    else this.shear = [...range(op, 'shear', shear, true), 0, 0];
    this.fill = options.fill ?? 0;
    this.interpolation = checkInterpolation(op, options.interpolation);
    this.center = options.center;
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    const [, H, W] = imageDims('RandomAffine', image);
    const angle = uniform(generator, ...this.degrees);
    let translate: [number, number] = [0, 0];
    if (this.translate) {
      const maxX = this.translate[0] * W;
      const maxY = this.translate[1] * H;
      translate = [Math.round(uniform(generator, -maxX, maxX)), Math.round(uniform(generator, -maxY, maxY))];
    }
    const scale = this.scale ? uniform(generator, ...this.scale) : 1;
    const shear: [number, number] = this.shear ? [uniform(generator, this.shear[0], this.shear[1]), uniform(generator, this.shear[2], this.shear[3])] : [0, 0];
    return affine(image, { angle, translate, scale, shear, fill: this.fill, interpolation: this.interpolation, center: this.center });
  }
}

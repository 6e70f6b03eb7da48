import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { imageDims } from '../image.js';
import type { HostImage } from '../image.js';
import { checkInterpolation, warpImage } from './warp.js';
import type { Interpolation } from './warp.js';
import type { Transform } from './transform.js';

export interface ElasticDistortionOptions {
  /** Strength: the smoothed field is multiplied by this, in pixels (default 34, Simard's MNIST value). */
  alpha?: number;
  /** Smoothness: standard deviation of the Gaussian, in pixels (default 4). */
  sigma?: number;
  fill?: number | readonly number[];
  interpolation?: Interpolation;
}

/**
 * Elastic distortion (Simard, Steinkraus & Platt 2003): each pixel gets a random displacement
 * uniform in [−1, 1] per axis, the fields are smoothed with a Gaussian of std `sigma` (zero
 * beyond the border) and scaled by `alpha`, and the image is resampled along them. Unlike
 * torchvision's ElasticTransform, `alpha` is in pixels, as in the paper.
 */
export class ElasticDistortion implements Transform {
  readonly alpha: number;
  readonly sigma: number;
  private readonly fill: number | readonly number[];
  private readonly interpolation: Interpolation;
  private readonly kernel: Float64Array;
  /** Fields and blur scratch, reused between samples of the same size. */
  private scratch: { size: number; dx: Float64Array; dy: Float64Array; tmp: Float64Array } | null = null;

  constructor(options: ElasticDistortionOptions = {}) {
    this.alpha = options.alpha ?? 34;
    this.sigma = options.sigma ?? 4;
    if (!(this.alpha >= 0) || !Number.isFinite(this.alpha)) throw new RangeError(`ElasticDistortion: alpha must be a non-negative number, got ${options.alpha}`);
    if (!(this.sigma > 0) || !Number.isFinite(this.sigma)) throw new RangeError(`ElasticDistortion: sigma must be a positive number, got ${options.sigma}`);
    this.fill = options.fill ?? 0;
    this.interpolation = checkInterpolation('ElasticDistortion', options.interpolation);
    this.kernel = gaussianKernel(this.sigma);
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    const [, H, W] = imageDims('ElasticDistortion', image);
    const { dx, dy } = this.field(H, W, generator);
    return warpImage('ElasticDistortion', image, {
      row(y, xs, ys) {
        for (let x = 0, i = y * W; x < W; x++, i++) {
          xs[x] = x + dx[i]!;
          ys[x] = y + dy[i]!;
        }
      },
    }, this.fill, this.interpolation);
  }

  /** The displacement fields in pixels for an H×W image: all x draws, then all y draws. */
  field(H: number, W: number, generator: Generator): { dx: Float64Array; dy: Float64Array } {
    const size = H * W;
    if (this.scratch?.size !== size) this.scratch = { size, dx: new Float64Array(size), dy: new Float64Array(size), tmp: new Float64Array(size) };
    const { dx, dy, tmp } = this.scratch;
    for (const f of [dx, dy]) {
      for (let i = 0; i < size; i++) f[i] = 2 * generator.random() - 1;
    }
    for (const f of [dx, dy]) {
      blur(f, tmp, H, W, this.kernel, W, 1); // along rows, into tmp
      blur(tmp, f, W, H, this.kernel, 1, W); // along columns, back
      for (let i = 0; i < size; i++) f[i]! *= this.alpha;
    }
    return { dx, dy };
  }
}

/** A normalised Gaussian of std `sigma`, radius round(4σ) (scipy's default truncation). */
function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.round(4 * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/**
 * 1-D convolution along one axis, zeros beyond the border: element k of line l is at
 * `l·lineStride + k·step` (rows: stride W, step 1; columns: stride 1, step W).
 */
function blur(src: Float64Array, dst: Float64Array, lines: number, n: number, kernel: Float64Array, lineStride: number, step: number): void {
  const r = (kernel.length - 1) >> 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStride;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const hi = Math.min(n - 1, i + r);
      for (let j = Math.max(0, i - r); j <= hi; j++) acc += kernel[j - i + r]! * src[base + j * step]!;
      dst[base + i * step] = acc;
    }
  }
}

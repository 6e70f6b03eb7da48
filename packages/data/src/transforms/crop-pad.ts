import { ShapeError, defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { imageDims } from '../image.js';
import type { HostImage } from '../image.js';
import { randint } from '../random.js';
import { crop, padImage, parsePadding, parseSize } from './geometry.js';
import type { PaddingMode } from './geometry.js';
import type { Transform } from './transform.js';

/** Python's round(): halves go to the even neighbour (torchvision's centring uses it). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The central `size` window; an image smaller than `size` is zero-padded first (as torchvision). */
export class CenterCrop implements Transform {
  readonly size: [number, number];

  constructor(size: number | readonly [number, number]) {
    this.size = parseSize('CenterCrop', size);
  }

  apply(image: HostImage): HostImage {
    let [, H, W] = imageDims('CenterCrop', image);
    const [th, tw] = this.size;
    if (th > H || tw > W) {
      const dw = Math.max(tw - W, 0);
      const dh = Math.max(th - H, 0);
      image = padImage('CenterCrop', image, [dw >> 1, dh >> 1, (dw + 1) >> 1, (dh + 1) >> 1], 0, 'constant');
      [, H, W] = image.shape;
      if (H === th && W === tw) return image;
    }
    return crop('CenterCrop', image, roundHalfEven((H - th) / 2), roundHalfEven((W - tw) / 2), th, tw);
  }
}

export interface PadOptions {
  /** The value of new pixels in 'constant' mode, one or per channel, in the image's range (default 0). */
  fill?: number | readonly number[];
  /** 'constant' (default), 'edge', 'reflect' (mirror without the edge) or 'symmetric' (with it). */
  paddingMode?: PaddingMode;
}

/** Pads the borders: `padding` is one number, `[leftRight, topBottom]` or `[left, top, right, bottom]`. */
export class Pad implements Transform {
  readonly padding: [number, number, number, number];
  readonly fill: number | readonly number[];
  readonly paddingMode: PaddingMode;

  constructor(padding: number | readonly number[], options: PadOptions = {}) {
    this.padding = parsePadding('Pad', padding);
    this.fill = options.fill ?? 0;
    this.paddingMode = checkMode('Pad', options.paddingMode);
  }

  apply(image: HostImage): HostImage {
    return padImage('Pad', image, this.padding, this.fill, this.paddingMode);
  }
}

function checkMode(op: string, mode: PaddingMode | undefined): PaddingMode {
  const m = mode ?? 'constant';
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(m)) throw new RangeError(`${op}: paddingMode must be 'constant', 'edge', 'reflect' or 'symmetric', got '${String(m)}'`);
  return m;
}

export interface RandomCropOptions extends PadOptions {
  /** Pad every border by this first (as Pad's `padding`), e.g. 4 for the CIFAR recipe. */
  padding?: number | readonly number[];
  /** Pad images smaller than `size` up to it instead of failing. */
  padIfNeeded?: boolean;
}

/** A `size` window at a random position (optionally after padding), as torchvision's RandomCrop. */
export class RandomCrop implements Transform {
  readonly size: [number, number];
  private readonly padding: [number, number, number, number] | null;
  private readonly padIfNeeded: boolean;
  private readonly fill: number | readonly number[];
  private readonly paddingMode: PaddingMode;

  constructor(size: number | readonly [number, number], options: RandomCropOptions = {}) {
    this.size = parseSize('RandomCrop', size);
    this.padding = options.padding === undefined ? null : parsePadding('RandomCrop', options.padding);
    this.padIfNeeded = options.padIfNeeded ?? false;
    this.fill = options.fill ?? 0;
    this.paddingMode = checkMode('RandomCrop', options.paddingMode);
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    imageDims('RandomCrop', image);
    if (this.padding) image = padImage('RandomCrop', image, this.padding, this.fill, this.paddingMode);
    const [th, tw] = this.size;
    let [, H, W] = image.shape;
    if (this.padIfNeeded && (H < th || W < tw)) {
      const dw = Math.max(tw - W, 0);
      const dh = Math.max(th - H, 0);
      image = padImage('RandomCrop', image, [dw, dh, dw, dh], this.fill, this.paddingMode);
      [, H, W] = image.shape;
    }
    if (H < th || W < tw) throw new ShapeError(`RandomCrop: crop ${th}×${tw} is larger than the ${H}×${W} image (after padding); use padIfNeeded`);
    const top = randint(generator, 0, H - th + 1);
    const left = randint(generator, 0, W - tw + 1);
    return crop('RandomCrop', image, top, left, th, tw);
  }
}

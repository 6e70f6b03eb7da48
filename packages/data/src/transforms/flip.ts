import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { imageDims } from '../image.js';
import type { HostImage } from '../image.js';
import { hflip } from './geometry.js';
import type { Transform } from './transform.js';

/** Mirrors the image left–right with probability `p` (default 0.5). */
export class RandomHorizontalFlip implements Transform {
  constructor(readonly p = 0.5) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`RandomHorizontalFlip: p must be in [0, 1], got ${p}`);
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    imageDims('RandomHorizontalFlip', image);
    return generator.random() < this.p ? hflip('RandomHorizontalFlip', image) : image;
  }
}

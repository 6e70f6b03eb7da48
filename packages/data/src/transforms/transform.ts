import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import type { HostImage } from '../image.js';

/**
 * A per-sample image transform. Random transforms draw every random number from `generator`
 * (inside a DataLoader: the sample's own generator, so a seed fixes the augmented batch;
 * called directly: nn's default generator unless one is given). Transforms return a new image
 * and never modify their input.
 */
export interface Transform {
  apply(image: HostImage, generator?: Generator): HostImage;
}

/** Transforms applied one after another, all drawing from the same generator. */
export class Compose implements Transform {
  readonly transforms: readonly Transform[];

  constructor(transforms: readonly Transform[]) {
    if (!Array.isArray(transforms) || transforms.some((t) => typeof t?.apply !== 'function'))
      throw new TypeError('Compose: expected an array of transforms (objects with an apply method)');
    this.transforms = [...transforms];
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    let out = image;
    for (const t of this.transforms) out = t.apply(out, generator);
    return out;
  }
}

/** Applies `transforms` (in order) with probability `p`, else returns the image unchanged. */
export class RandomApply implements Transform {
  private readonly inner: Compose;

  constructor(
    transforms: readonly Transform[] | Transform,
    readonly p = 0.5,
  ) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`RandomApply: p must be in [0, 1], got ${p}`);
    this.inner = new Compose(Array.isArray(transforms) ? transforms : [transforms as Transform]);
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    return generator.random() < this.p ? this.inner.apply(image, generator) : image;
  }
}

/** A transform from a function; random functions should draw from the generator they get. */
export class Lambda implements Transform {
  constructor(private readonly fn: (image: HostImage, generator: Generator) => HostImage) {
    if (typeof fn !== 'function') throw new TypeError('Lambda: expected a function');
  }

  apply(image: HostImage, generator: Generator = defaultGenerator): HostImage {
    return this.fn(image, generator);
  }
}

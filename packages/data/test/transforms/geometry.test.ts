import { Generator, ShapeError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { CenterCrop, Pad, RandomCrop, RandomHorizontalFlip, Resize } from '../../src/index.js';
import type { HostImage } from '../../src/index.js';
import { expectClose, img, img8, ramp, rows } from '../helpers.js';

/** PyTorch's bilinear resize (align_corners=False, no antialias) in plain float64, as the oracle. */
function resizeRef(im: HostImage, oh: number, ow: number): number[] {
  const [C, H, W] = im.shape;
  const src = (n: number, m: number, j: number): [number, number, number] => {
    const s = Math.max((j + 0.5) * (n / m) - 0.5, 0);
    const i0 = Math.floor(s);
    return [i0, Math.min(i0 + 1, n - 1), s - i0];
  };
  const out: number[] = [];
  for (let c = 0; c < C; c++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        const [y0, y1, ly] = src(H, oh, y);
        const [x0, x1, lx] = src(W, ow, x);
        const at = (yy: number, xx: number): number => im.data[c * H * W + yy * W + xx]!;
        out.push((1 - ly) * ((1 - lx) * at(y0, x0) + lx * at(y0, x1)) + ly * ((1 - lx) * at(y1, x0) + lx * at(y1, x1)));
      }
  return out;
}

describe('Resize', () => {
  it('upsamples 2×2 → 4×4 as PyTorch (half-pixel centres)', () => {
    const out = new Resize([4, 4]).apply(img([[[0, 1], [2, 3]]]));
    expect(rows(out)).toEqual([[[0, 0.25, 0.75, 1], [0.5, 0.75, 1.25, 1.5], [1.5, 1.75, 2.25, 2.5], [2, 2.25, 2.75, 3]]]);
  });

  it('matches the float64 reference on odd sizes, up and down', () => {
    const g = new Generator(4);
    const im: HostImage = { data: Float32Array.from({ length: 3 * 5 * 7 }, () => g.random()), shape: [3, 5, 7] };
    for (const [oh, ow] of [[4, 3], [9, 11], [5, 2], [1, 1]] as const) {
      const out = new Resize([oh, ow]).apply(im);
      expect(out.shape).toEqual([3, oh, ow]);
      expectClose(out.data, resizeRef(im, oh, ow), 1e-6);
    }
  });

  it('one number sets the shorter side and keeps the aspect ratio; maxSize caps the longer', () => {
    expect(new Resize(5).apply(ramp(1, 10, 20)).shape).toEqual([1, 5, 10]);
    expect(new Resize(5).apply(ramp(2, 21, 10)).shape).toEqual([2, 10, 5]);
    expect(new Resize(5, { maxSize: 8 }).apply(ramp(1, 10, 20)).shape).toEqual([1, 4, 8]);
    const same = ramp(1, 5, 5);
    expect(new Resize(5).apply(same)).toBe(same);
  });

  it('uint8 stays uint8, rounded; nearest picks floor(j·in/out)', () => {
    const out = new Resize([1, 4]).apply(img8([[[0, 255]]]));
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.data)).toEqual([0, 64, 191, 255]);
    expect(rows(new Resize([1, 4], { interpolation: 'nearest' }).apply(img([[[1, 2]]])))).toEqual([[[1, 1, 2, 2]]]);
    expect(rows(new Resize([1, 2], { interpolation: 'nearest' }).apply(img([[[1, 2, 3, 4, 5]]])))).toEqual([[[1, 3]]]);
  });

  it('bad sizes and options are RangeErrors', () => {
    expect(() => new Resize(0)).toThrow(new RangeError('Resize: size must be positive integers, got 0'));
    expect(() => new Resize([2, 2.5])).toThrow(RangeError);
    expect(() => new Resize([4, 4], { maxSize: 8 })).toThrow(/maxSize needs a single-number size/);
    expect(() => new Resize(4, { interpolation: 'bicubic' as never })).toThrow(RangeError);
  });
});

describe('CenterCrop', () => {
  it('takes the centre, rounding the offset half to even (as torchvision)', () => {
    // 4×5 ramp; 2×2 crop: top = round(1) = 1, left = round(1.5) = 2.
    expect(rows(new CenterCrop(2).apply(ramp(1, 4, 5)))).toEqual([[[7, 8], [12, 13]]]);
    // 4×4, 3×3 crop: round(0.5) = 0.
    expect(rows(new CenterCrop(3).apply(ramp(1, 4, 4)))).toEqual([[[0, 1, 2], [4, 5, 6], [8, 9, 10]]]);
    expect(new CenterCrop([2, 3]).apply(ramp(3, 6, 6)).shape).toEqual([3, 2, 3]);
  });

  it('pads a smaller image with zeros first', () => {
    expect(rows(new CenterCrop([3, 4]).apply(img([[[1, 2]]])))).toEqual([[[0, 0, 0, 0], [0, 1, 2, 0], [0, 0, 0, 0]]]);
  });
});

describe('Pad', () => {
  const im = img([[[1, 2, 3], [4, 5, 6]]]);

  it('constant: one number, [leftRight, topBottom] or [left, top, right, bottom], with fill', () => {
    expect(rows(new Pad(1, { fill: 9 }).apply(im))).toEqual([[[9, 9, 9, 9, 9], [9, 1, 2, 3, 9], [9, 4, 5, 6, 9], [9, 9, 9, 9, 9]]]);
    expect(rows(new Pad([1, 0]).apply(im))).toEqual([[[0, 1, 2, 3, 0], [0, 4, 5, 6, 0]]]);
    expect(rows(new Pad([0, 1, 2, 0]).apply(im))).toEqual([[[0, 0, 0, 0, 0], [1, 2, 3, 0, 0], [4, 5, 6, 0, 0]]]);
    expect(rows(new Pad(1, { fill: [7, 8] }).apply(img([[[1]], [[2]]])))).toEqual([[[7, 7, 7], [7, 1, 7], [7, 7, 7]], [[8, 8, 8], [8, 2, 8], [8, 8, 8]]]);
  });

  it('edge, reflect and symmetric modes', () => {
    expect(rows(new Pad([2, 1, 0, 0], { paddingMode: 'edge' }).apply(im))).toEqual([[[1, 1, 1, 2, 3], [1, 1, 1, 2, 3], [4, 4, 4, 5, 6]]]);
    expect(rows(new Pad([2, 0, 2, 0], { paddingMode: 'reflect' }).apply(im))[0]![0]).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(rows(new Pad([2, 0, 2, 0], { paddingMode: 'symmetric' }).apply(im))[0]![0]).toEqual([2, 1, 1, 2, 3, 3, 2]);
    expect(rows(new Pad([0, 1, 0, 1], { paddingMode: 'reflect' }).apply(im))).toEqual([[[4, 5, 6], [1, 2, 3], [4, 5, 6], [1, 2, 3]]]);
  });

  it('uint8 stays uint8; impossible reflections and bad paddings are RangeErrors', () => {
    expect(new Pad(1).apply(img8([[[5]]])).data).toBeInstanceOf(Uint8Array);
    expect(() => new Pad(3, { paddingMode: 'reflect' }).apply(im)).toThrow(new RangeError('Pad: reflect padding of 3 needs a larger dimension than 2'));
    expect(() => new Pad([1, 2, 3])).toThrow(/padding must be one number, \[leftRight, topBottom\] or \[left, top, right, bottom\]/);
    expect(() => new Pad(-1)).toThrow(/non-negative integers/);
    expect(() => new Pad(1, { paddingMode: 'wrap' as never })).toThrow(RangeError);
  });
});

describe('RandomCrop', () => {
  it('crops at top = ⌊u·(H − h + 1)⌋, left = ⌊u′·(W − w + 1)⌋ from the generator', () => {
    const im = ramp(1, 5, 6);
    for (const seed of [1, 2, 3, 4]) {
      const oracle = new Generator(seed);
      const top = Math.floor(oracle.random() * 3);
      const left = Math.floor(oracle.random() * 4);
      const out = new RandomCrop([3, 3]).apply(im, new Generator(seed));
      expect(rows(out)).toEqual([[0, 1, 2].map((y) => [0, 1, 2].map((x) => (top + y) * 6 + left + x))]);
    }
  });

  it('with padding, every offset of the padded image occurs', () => {
    const t = new RandomCrop(4, { padding: 1 });
    const g = new Generator(9);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const out = t.apply(ramp(1, 4, 4), g);
      expect(out.shape).toEqual([1, 4, 4]);
      seen.add(Array.from(out.data).join());
    }
    expect(seen.size).toBe(9);
  });

  it('padIfNeeded pads small images; otherwise a crop larger than the image is a ShapeError', () => {
    expect(new RandomCrop(3, { padIfNeeded: true }).apply(ramp(2, 2, 2)).shape).toEqual([2, 3, 3]);
    expect(() => new RandomCrop(3).apply(ramp(1, 2, 5))).toThrow(new ShapeError('RandomCrop: crop 3×3 is larger than the 2×5 image (after padding); use padIfNeeded'));
  });
});

describe('RandomHorizontalFlip', () => {
  it('mirrors rows with probability p', () => {
    const im = img8([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
    expect(rows(new RandomHorizontalFlip(1).apply(im))).toEqual([[[3, 2, 1], [6, 5, 4]], [[9, 8, 7], [12, 11, 10]]]);
    expect(new RandomHorizontalFlip(0).apply(im)).toBe(im);
    const g = new Generator(5);
    const flip = new RandomHorizontalFlip();
    let flipped = 0;
    for (let i = 0; i < 400; i++) if (flip.apply(im, g) !== im) flipped++;
    expect(flipped).toBeGreaterThan(150);
    expect(flipped).toBeLessThan(250);
    expect(() => new RandomHorizontalFlip(2)).toThrow(RangeError);
  });
});

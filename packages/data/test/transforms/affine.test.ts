import { Generator } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { RandomAffine, affine } from '../../src/index.js';
import type { HostImage } from '../../src/index.js';
import { expectClose, img, img8, ramp, rows } from '../helpers.js';

const dot = img([[[0, 0, 0], [0, 1, 0], [0, 0, 0]]]);
const nine = img([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]);

describe('affine', () => {
  it('a 1-pixel translation moves a known pixel right or down', () => {
    expect(rows(affine(dot, { translate: [1, 0] }))).toEqual([[[0, 0, 0], [0, 0, 1], [0, 0, 0]]]);
    expect(rows(affine(dot, { translate: [0, 1] }))).toEqual([[[0, 0, 0], [0, 0, 0], [0, 1, 0]]]);
    expect(rows(affine(nine, { translate: [-1, 0], fill: 9 }))).toEqual([[[2, 3, 9], [5, 6, 9], [8, 9, 9]]]);
  });

  it('rotates 90° clockwise on screen (torchvision affine), exactly, both interpolations', () => {
    for (const interpolation of ['bilinear', 'nearest'] as const) {
      expect(rows(affine(nine, { angle: 90, interpolation }))).toEqual([[[7, 4, 1], [8, 5, 2], [9, 6, 3]]]);
      expect(rows(affine(nine, { angle: -90, interpolation }))).toEqual([[[3, 6, 9], [2, 5, 8], [1, 4, 7]]]);
      expect(rows(affine(nine, { angle: 180, interpolation }))).toEqual([[[9, 8, 7], [6, 5, 4], [3, 2, 1]]]);
    }
    // An even size rotates about the point between the centre pixels.
    expect(rows(affine(ramp(1, 2, 2), { angle: 90 }))).toEqual([[[2, 0], [3, 1]]]);
  });

  it('scales about the centre with bilinear sampling', () => {
    // Output x reads input 1.5 + (x − 1.5)/2: 0.75, 1.25, 1.75, 2.25.
    expectClose(affine(img([[[0, 10, 20, 30]]]), { scale: 2 }).data, [7.5, 12.5, 17.5, 22.5]);
    // uint8 is rounded: 0.25·255 = 63.75, 0.75·255 = 191.25.
    const u8 = affine(img8([[[0, 255]]]), { scale: 2 });
    expect(u8.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(u8.data)).toEqual([64, 191]);
  });

  it('shears x by 45°: the row above the centre shifts one way, the row below the other', () => {
    // torchvision's matrix for shear x = 45°: forward x′ = x − y about the centre.
    expect(rows(affine(nine, { shear: [45, 0] }))).toEqual([[[0, 1, 2], [4, 5, 6], [8, 9, 0]]]);
  });

  it('fills outside pixels per channel, and samples about a given centre', () => {
    const two = img([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expect(rows(affine(two, { translate: [0, 1], fill: [-1, -2] }))).toEqual([[[-1, -1], [1, 2]], [[-2, -2], [5, 6]]]);
    // About the centre of pixel (0, 0): it stays, (1, 0) comes from (0, 1)… after 90°.
    expect(rows(affine(nine, { angle: 90, center: [0.5, 0.5] }))).toEqual([[[1, 0, 0], [2, 0, 0], [3, 0, 0]]]);
  });

  it('a bilinear sample mixing inside and outside pixels blends toward fill', () => {
    // Width 3, scale ½: x reads 1 + 2(x − 1) = −1, 1, 3 → fill, 20, fill.
    expectClose(affine(img([[[10, 20, 30]]]), { scale: 0.5, fill: 100 }).data, [100, 20, 100]);
    // Width 2, scale ⅔: x reads 0.5 + 1.5(x − 0.5) = −0.25, 1.25: a quarter of each from outside.
    expectClose(affine(img([[[10, 20]]]), { scale: 2 / 3, fill: 100 }).data, [0.75 * 10 + 0.25 * 100, 0.75 * 20 + 0.25 * 100]);
  });

  it('bad parameters are RangeErrors', () => {
    expect(() => affine(nine, { scale: 0 })).toThrow(new RangeError('affine: scale must be positive, got 0'));
    expect(() => affine(nine, { angle: NaN })).toThrow(RangeError);
  });
});

describe('RandomAffine', () => {
  it('draws angle, shift, scale and shear from the generator in that order', () => {
    const t = new RandomAffine({ degrees: 30, translate: [0.2, 0.1], scale: [0.8, 1.2], shear: [-5, 5, -3, 3], fill: 0.5 });
    const im = ramp(1, 10, 10);
    for (const seed of [1, 2]) {
      const o = new Generator(seed);
      const u = (a: number, b: number): number => a + (b - a) * o.random();
      const angle = u(-30, 30);
      const translate: [number, number] = [Math.round(u(-2, 2)), Math.round(u(-1, 1))];
      const scale = u(0.8, 1.2);
      const shear: [number, number] = [u(-5, 5), u(-3, 3)];
      expect(t.apply(im, new Generator(seed))).toEqual(affine(im, { angle, translate, scale, shear, fill: 0.5 }));
    }
  });

  it('shifts are whole pixels: a translate-only distortion moves pixels exactly', () => {
    const t = new RandomAffine({ degrees: 0, translate: [0.3, 0.3] });
    const im = ramp(1, 10, 10);
    const g = new Generator(3);
    const shifts = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const out = t.apply(im, g);
      // Find the shift from where pixel value 55 (row 5, col 5) went.
      const at = Array.from(out.data).indexOf(55);
      const [dy, dx] = [Math.floor(at / 10) - 5, (at % 10) - 5];
      expect(Math.abs(dx)).toBeLessThanOrEqual(3);
      expect(Math.abs(dy)).toBeLessThanOrEqual(3);
      const want = Array.from({ length: 100 }, (_, k) => {
        const [y, x] = [Math.floor(k / 10) - dy, (k % 10) - dx];
        return y >= 0 && y < 10 && x >= 0 && x < 10 ? y * 10 + x : 0;
      });
      expect(Array.from(out.data)).toEqual(want);
      shifts.add(`${dx},${dy}`);
    }
    expect(shifts.size).toBeGreaterThan(10);
  });

  it('the same seed gives the same image; keeps shape and dtype', () => {
    const t = new RandomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 8 });
    const g = new Generator(0);
    const im: HostImage = { data: Uint8Array.from({ length: 3 * 28 * 28 }, () => Math.floor(g.random() * 256)), shape: [3, 28, 28] };
    const a = t.apply(im, new Generator(7));
    expect(a.shape).toEqual([3, 28, 28]);
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(t.apply(im, new Generator(7))).toEqual(a);
    expect(t.apply(im, new Generator(8))).not.toEqual(a);
  });

  it('bad ranges are RangeErrors naming the option', () => {
    expect(() => new RandomAffine({ degrees: -5 })).toThrow(new RangeError('RandomAffine: degrees must be non-negative when one number, got -5'));
    expect(() => new RandomAffine({ degrees: [10, 0] })).toThrow(/degrees must be a number or \[min, max\] with min ≤ max/);
    expect(() => new RandomAffine({ degrees: 0, translate: [1.5, 0] })).toThrow(/translate must be \[fractionX, fractionY\] in \[0, 1\]/);
    expect(() => new RandomAffine({ degrees: 0, scale: [0, 1] })).toThrow(/scale must be positive/);
    expect(() => new RandomAffine({ degrees: 0, shear: [1, 2, 3] })).toThrow(/shear must be a number or \[min, max\]/);
  });
});

it('distorting 1,000 MNIST-sized images takes well under a second (a smoke check, not a benchmark)', () => {
  const t = new RandomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 10 });
  const im: HostImage = { data: new Float32Array(28 * 28).fill(0.5), shape: [1, 28, 28] };
  const g = new Generator(1);
  const start = performance.now();
  for (let i = 0; i < 1000; i++) t.apply(im, g);
  expect(performance.now() - start).toBeLessThan(5000);
});

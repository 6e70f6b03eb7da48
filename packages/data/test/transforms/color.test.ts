import { Generator, ShapeError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { ColorJitter } from '../../src/index.js';
import { expectClose, img, img8, rows } from '../helpers.js';

const red = img([[[1]], [[0]], [[0]]]);

describe('ColorJitter', () => {
  it('brightness multiplies and clamps to the range of the dtype', () => {
    expectClose(new ColorJitter({ brightness: [2, 2] }).apply(img([[[0.1, 0.4, 0.7]]])).data, [0.2, 0.8, 1]);
    const u8 = new ColorJitter({ brightness: [2, 2] }).apply(img8([[[50, 100, 200]]]));
    expect(u8.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(u8.data)).toEqual([100, 200, 255]);
  });

  it('contrast blends with the mean luma; saturation with each pixel’s luma', () => {
    // Mean 0.5: 0.5·x + 0.5·0.5.
    expectClose(new ColorJitter({ contrast: [0.5, 0.5] }).apply(img([[[0, 1]]])).data, [0.25, 0.75]);
    // Saturation 0 is grayscale: luma of pure red = 0.2989 in every channel.
    expectClose(new ColorJitter({ saturation: [0, 0] }).apply(red).data, [0.2989, 0.2989, 0.2989], 1e-6);
    // Contrast on RGB: the mean of luma over both pixels (red 0.2989, black 0) is 0.14945.
    const twoPixels = img([[[1, 0]], [[0, 0]], [[0, 0]]]);
    expectClose(new ColorJitter({ contrast: [0, 0] }).apply(twoPixels).data, new Array(6).fill(0.14945), 1e-6);
  });

  it('hue rotates around the colour wheel: red +⅓ → green, +½ → cyan', () => {
    expectClose(new ColorJitter({ hue: [1 / 3, 1 / 3] }).apply(red).data, [0, 1, 0], 1e-6);
    expectClose(new ColorJitter({ hue: [0.5, 0.5] }).apply(red).data, [0, 1, 1], 1e-6);
    expectClose(new ColorJitter({ hue: [-1 / 6, -1 / 6] }).apply(img([[[0.8]], [[0.4]], [[0.2]]])).data, [0.8, 0.2, 0.6], 1e-6);
    // Grey has no hue; one-channel images are left alone by hue and saturation.
    expectClose(new ColorJitter({ hue: 0.4 }).apply(img([[[0.3]], [[0.3]], [[0.3]]]), new Generator(1)).data, [0.3, 0.3, 0.3], 1e-6);
    const gray = img([[[0.2, 0.9]]]);
    expect(rows(new ColorJitter({ hue: 0.4, saturation: 0.9 }).apply(gray, new Generator(1)))).toEqual(rows(gray));
  });

  it('applies the four adjustments in a random order per sample, as torchvision', () => {
    // Contrast 0 then brightness 2 → all 1; brightness 2 then contrast 0 → all 0.9.
    const jitter = new ColorJitter({ brightness: [2, 2], contrast: [0, 0] });
    const outcomes = new Set<string>();
    const g = new Generator(0);
    for (let i = 0; i < 40; i++) outcomes.add(Array.from(jitter.apply(img([[[0.4, 0.8]]]), g).data, (v) => v.toFixed(4)).join());
    expect([...outcomes].sort()).toEqual(['0.9000,0.9000', '1.0000,1.0000']);
  });

  it('factors are drawn in their ranges; the same seed gives the same image', () => {
    const jitter = new ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 });
    const im = img([[[0.2, 0.5]], [[0.6, 0.1]], [[0.9, 0.3]]]);
    const a = jitter.apply(im, new Generator(4));
    expect(jitter.apply(im, new Generator(4))).toEqual(a);
    expect(jitter.apply(im, new Generator(5))).not.toEqual(a);
    expect(jitter.brightness).toEqual([0.6, 1.4]);
    expect(jitter.hue).toEqual([-0.1, 0.1]);
    const none = new ColorJitter();
    expect(none.apply(im)).toBe(im);
  });

  it('bad ranges and channel counts are errors naming them', () => {
    expect(() => new ColorJitter({ hue: 0.6 })).toThrow(new RangeError('ColorJitter: hue range [-0.5,0.6] must lie in [-0.5, 0.5] with min ≤ max'));
    expect(() => new ColorJitter({ brightness: -1 })).toThrow(/brightness must be non-negative/);
    expect(() => new ColorJitter({ contrast: 0.5 }).apply(img([[[1]], [[0]]]))).toThrow(new ShapeError('ColorJitter: contrast, saturation and hue need 1 or 3 channels, the image has 2'));
  });
});

import { DTypeError, Generator, ShapeError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { Compose, Lambda, Normalize, Pad, RandomApply, ToFloat } from '../../src/index.js';
import type { HostImage } from '../../src/index.js';
import { expectClose, img, img8, rows } from '../helpers.js';

describe('ToFloat', () => {
  it('scales uint8 to float32 in [0, 1]; float images pass unchanged', () => {
    const out = new ToFloat().apply(img8([[[0, 51], [102, 255]]]));
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.shape).toEqual([1, 2, 2]);
    expectClose(out.data, [0, 0.2, 0.4, 1], 1e-7);
    const f = img([[[0.5]]]);
    expect(new ToFloat().apply(f)).toBe(f);
  });

  it('a malformed image is a ShapeError saying what an image is', () => {
    const bad = { data: new Uint8Array(3), shape: [1, 2, 2] } as unknown as HostImage;
    expect(() => new ToFloat().apply(bad)).toThrow(new ShapeError('ToFloat: expected an image { data: Uint8Array | Float32Array, shape: [C, H, W] } with C·H·W values, got shape [1,2,2]'));
  });
});

describe('Normalize', () => {
  it('computes (x − mean[c]) / std[c]', () => {
    const out = new Normalize([1, 2], [2, 0.5]).apply(img([[[1, 2]], [[3, 4]]]));
    expect(rows(out)).toEqual([[[0, 0.5]], [[2, 4]]]);
    // One number for every channel: MNIST's usual constants.
    const mnist = new Normalize(0.1307, 0.3081).apply(img([[[0, 1]]]));
    expectClose(mnist.data, [(0 - 0.1307) / 0.3081, (1 - 0.1307) / 0.3081]);
  });

  it('refuses uint8 images, wrong channel counts and zero std', () => {
    expect(() => new Normalize(0.5, 0.5).apply(img8([[[1]]]))).toThrow(new DTypeError('Normalize: the image is uint8; normalize float images (put ToFloat before Normalize)'));
    expect(() => new Normalize([0.5, 0.5, 0.5], [1, 1, 1]).apply(img([[[1]], [[2]]]))).toThrow(new ShapeError('Normalize: mean has 3 values but the image has 2 channels'));
    expect(() => new Normalize(0, [1, 0])).toThrow(/std must be finite and non-zero/);
  });
});

describe('Compose, RandomApply, Lambda', () => {
  it('Compose runs transforms in order and hands each the same generator', () => {
    const g = new Generator(1);
    const seen: Generator[] = [];
    const t = new Compose([new ToFloat(), new Lambda((im, gen) => (seen.push(gen), { data: im.data.map((v) => v * 2), shape: im.shape })), new Pad(1, { fill: -1 })]);
    const out = t.apply(img8([[[255]]]), g);
    expect(rows(out)).toEqual([[[-1, -1, -1], [-1, 2, -1], [-1, -1, -1]]]);
    expect(seen).toEqual([g]);
    expect(() => new Compose([{} as never])).toThrow(TypeError);
    expect(() => new Lambda(42 as never)).toThrow(TypeError);
  });

  it('RandomApply applies all or nothing with probability p, drawn from the generator', () => {
    const double = new Lambda((im) => ({ data: im.data.map((v) => v * 2), shape: im.shape }));
    const im = img([[[1]]]);
    expect(new RandomApply([double, double], 1).apply(im).data[0]).toBe(4);
    expect(new RandomApply(double, 0).apply(im)).toBe(im);
    const g = new Generator(3);
    const half = new RandomApply(double, 0.5);
    let applied = 0;
    for (let i = 0; i < 400; i++) if (half.apply(im, g) !== im) applied++;
    expect(applied).toBeGreaterThan(150);
    expect(applied).toBeLessThan(250);
    // The same generator state gives the same decisions.
    const decisions = (seed: number): boolean[] => {
      const gen = new Generator(seed);
      return Array.from({ length: 20 }, () => half.apply(im, gen) !== im);
    };
    expect(decisions(8)).toEqual(decisions(8));
    expect(() => new RandomApply(double, 1.5)).toThrow(RangeError);
  });
});

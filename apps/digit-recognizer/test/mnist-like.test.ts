/** The shared MNIST-like preprocessing (src/mnist-like.ts) that the CLI's `predict` and the web page both run. */
import { MNIST } from '@pistil/data';
import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBox, mnistField, mnistLikeInput, normalizeField, resample } from '../src/mnist-like.js';
import type { GreyImage } from '../src/mnist-like.js';

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]! / n; mb += b[i]! / n; }
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) { ab += (a[i]! - ma) * (b[i]! - mb); aa += (a[i]! - ma) ** 2; bb += (b[i]! - mb) ** 2; }
  return ab / Math.sqrt(aa * bb);
}

/** An MNIST digit as a person's drawing: `scale`× larger (nearest neighbour), dark ink on white, with a margin. */
function drawing(pixels: Uint8Array, scale: number, margin: number): GreyImage {
  const width = 28 * scale + 2 * margin;
  const data = new Float32Array(width * width).fill(1);
  for (let y = 0; y < 28 * scale; y++) for (let x = 0; x < 28 * scale; x++) data[(y + margin) * width + x + margin] = 1 - pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]! / 255;
  return { data, width, height: width };
}

describe('mnist-like preprocessing', () => {
  it('gives back an MNIST digit from a large dark-on-light drawing of it', async () => {
    const test = await MNIST.load({ train: false });
    for (const index of [0, 1, 2, 3]) {
      const original = test.images.subarray(784 * index, 784 * (index + 1));
      const field = mnistField(drawing(original, 7, 40))!;
      expect(field).toHaveLength(784);
      expect(correlation(field, original), `test image ${index}`).toBeGreaterThan(0.85);
      // MNIST's recipe: ink fits 20×20, the centre of mass is at the centre (±0.5 px of rounding).
      const box = inkBox({ data: field, width: 28, height: 28 }, 0.05)!;
      expect(Math.max(box.width, box.height)).toBeLessThanOrEqual(21);
      const com = centreOfMass({ data: field, width: 28, height: 28 });
      expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.75);
      expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.75);
    }
  });

  it('keeps the aspect ratio: a tall stroke becomes 20 pixels high and stays thin', () => {
    const width = 200, height = 200;
    const data = new Float32Array(width * height);
    for (let y = 20; y < 180; y++) for (let x = 95; x < 105; x++) data[y * width + x] = 1;
    const field = mnistField({ data, width, height })!;
    const box = inkBox({ data: field, width: 28, height: 28 }, 0.5)!;
    expect(box.height).toBe(20);
    expect(box.width).toBeLessThanOrEqual(2);
  });

  it('says when there is nothing to read', () => {
    expect(mnistField({ data: new Float32Array(100), width: 10, height: 10 })).toBeNull();
    expect(mnistField({ data: new Float32Array(100).fill(1), width: 10, height: 10 })).toBeNull(); // blank paper
  });

  it('resamples a constant image to the same constant, and normalises and pads as model.json says', () => {
    const flat = resample({ data: new Float32Array(37 * 23).fill(0.6), width: 37, height: 23 }, 9, 5);
    for (const v of flat.data) expect(v).toBeCloseTo(0.6, 6);
    const field = new Float32Array(784).fill(1);
    const { data, side } = normalizeField(field, { mean: 0.1, std: 0.5, pad: 2 });
    expect(side).toBe(32);
    expect(data[0]).toBeCloseTo(-0.2, 6);
    expect(data[2 * 32 + 2]).toBeCloseTo(1.8, 6);
    const input = mnistLikeInput({ data: Float32Array.from({ length: 400 }, (_, i) => (i % 20 > 8 && i % 20 < 12 ? 1 : 0)), width: 20, height: 20 }, { mean: 0, std: 1, pad: 0 })!;
    expect(input.side).toBe(28);
    expect(input.data).toEqual(input.field);
  });
});

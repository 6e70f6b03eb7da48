import { Generator } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { ElasticDistortion } from '../../src/index.js';
import type { HostImage } from '../../src/index.js';
import { expectClose, ramp } from '../helpers.js';

/** Simard et al.'s field in plain float64: uniform [−1, 1], Gaussian blur (zeros outside, radius round(4σ)), × α. */
function fieldRef(H: number, W: number, alpha: number, sigma: number, g: Generator): [number[], number[]] {
  const r = Math.round(4 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ksum = k.reduce((a, b) => a + b, 0);
  const raw = [0, 1].map(() => Array.from({ length: H * W }, () => 2 * g.random() - 1));
  return raw.map((f) => {
    const out: number[] = [];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        let acc = 0; // the 2-D Gaussian is separable: sum over the full window directly
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < H && xx >= 0 && xx < W) acc += (k[dy + r]! / ksum) * (k[dx + r]! / ksum) * f[yy * W + xx]!;
          }
        out.push(alpha * acc);
      }
    return out;
  }) as [number[], number[]];
}

/** Bilinear sampling with zero fill, in float64. */
function sampleRef(im: HostImage, dx: number[], dy: number[]): number[] {
  const [C, H, W] = im.shape;
  const at = (c: number, y: number, x: number): number => (y >= 0 && y < H && x >= 0 && x < W ? im.data[c * H * W + y * W + x]! : 0);
  const out: number[] = [];
  for (let c = 0; c < C; c++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const sx = x + dx[y * W + x]!;
        const sy = y + dy[y * W + x]!;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        out.push((1 - fy) * ((1 - fx) * at(c, y0, x0) + fx * at(c, y0, x0 + 1)) + fy * ((1 - fx) * at(c, y0 + 1, x0) + fx * at(c, y0 + 1, x0 + 1)));
      }
  return out;
}

describe('ElasticDistortion', () => {
  it('the displacement field is smoothed uniform noise scaled by alpha (float64 reference)', () => {
    const t = new ElasticDistortion({ alpha: 34, sigma: 4 });
    const { dx, dy } = t.field(12, 9, new Generator(5));
    const [rx, ry] = fieldRef(12, 9, 34, 4, new Generator(5));
    expectClose(dx, rx, 1e-9);
    expectClose(dy, ry, 1e-9);
  });

  it('resamples the image along the field, bilinearly, zero outside', () => {
    const im = ramp(2, 10, 8);
    const t = new ElasticDistortion({ alpha: 6, sigma: 1.5 });
    const out = t.apply(im, new Generator(2));
    expect(out.shape).toEqual([2, 10, 8]);
    const [dx, dy] = fieldRef(10, 8, 6, 1.5, new Generator(2));
    expectClose(out.data, sampleRef(im, dx, dy), 1e-3);
    expect(Array.from(out.data)).not.toEqual(Array.from(im.data));
  });

  it('alpha 0 leaves the image unchanged; the same seed distorts the same way', () => {
    const im = ramp(1, 6, 6);
    expect(Array.from(new ElasticDistortion({ alpha: 0 }).apply(im, new Generator(1)).data)).toEqual(Array.from(im.data));
    const t = new ElasticDistortion();
    const mnistLike: HostImage = { data: Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256), shape: [1, 28, 28] };
    const a = t.apply(mnistLike, new Generator(3));
    expect(a.data).toBeInstanceOf(Uint8Array);
    expect(t.apply(mnistLike, new Generator(3))).toEqual(a);
    expect(t.apply(mnistLike, new Generator(4))).not.toEqual(a);
  });

  it('bad alpha or sigma are RangeErrors', () => {
    expect(() => new ElasticDistortion({ sigma: 0 })).toThrow(new RangeError('ElasticDistortion: sigma must be a positive number, got 0'));
    expect(() => new ElasticDistortion({ alpha: -1 })).toThrow(new RangeError('ElasticDistortion: alpha must be a non-negative number, got -1'));
  });
});

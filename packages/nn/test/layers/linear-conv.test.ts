import { describe, expect, it } from 'vitest';
import { Conv1d, Conv2d, ConvTranspose2d, Linear, ShapeError, gradcheck, manualSeed, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { flat, rand, refConv2d, refConvTranspose2d, toT } from '../linalg/ref.js';
import type { Arr } from '../linalg/ref.js';

const arr = (t: Tensor): Arr => ({ shape: [...t.shape], data: Float64Array.from(t.dataSync()) });

/** Sample std of a tensor's values (float64). */
function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
  return { min: v.reduce((a, x) => Math.min(a, x), Infinity), max: v.reduce((a, x) => Math.max(a, x), -Infinity), mean, std };
}

/** Pads [N, C, H, W] by index mapping: reflect / replicate / circular, as F.pad. */
function refPad(x: Arr, [t, l, b, r]: [number, number, number, number], mode: 'reflect' | 'replicate' | 'circular'): Arr {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const map = (i: number, size: number): number => {
    if (mode === 'replicate') return Math.min(size - 1, Math.max(0, i));
    if (mode === 'circular') return ((i % size) + size) % size;
    if (i < 0) return -i;
    return i >= size ? 2 * (size - 1) - i : i;
  };
  const oh = h + t + b;
  const ow = w + l + r;
  const out = new Float64Array(n * c * oh * ow);
  for (let q = 0; q < n * c; q++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) out[(q * oh + i) * ow + j] = x.data[(q * h + map(i - t, h)) * w + map(j - l, w)]!;
  return { shape: [n, c, oh, ow], data: out };
}

describe('Linear', () => {
  it('computes x·Wᵀ + b over the last dim of any-rank input (float64 oracle)', () => {
    const lin = new Linear(3, 2);
    const x = rand([2, 4, 3], 1);
    const w = lin.weight.dataSync();
    const b = lin.bias!.dataSync();
    const want: number[] = [];
    for (let r = 0; r < 8; r++) for (let o = 0; o < 2; o++) want.push(b[o]! + [0, 1, 2].reduce((s, k) => s + x.data[r * 3 + k]! * w[o * 3 + k]!, 0));
    const y = lin.forward(toT(x, 'float32'));
    expect(y.shape).toEqual([2, 4, 2]);
    expectClose(y, want, 1e-5);
    expect(new Linear(3, 2, { bias: false }).bias).toBeNull();
  });

  it('initialises as PyTorch: weight and bias U(±1/√fanIn), std bound/√3, from the seeded default generator', () => {
    manualSeed(7);
    const lin = new Linear(400, 500);
    const bound = 1 / Math.sqrt(400);
    const w = stats(lin.weight);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeLessThan(-0.99 * bound);
    expect(Math.abs(w.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
    expect(Math.abs(w.mean)).toBeLessThan(0.01 * bound);
    const b = stats(lin.bias!);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max).toBeLessThanOrEqual(bound);
    manualSeed(7);
    expect(new Linear(400, 500).weight.dataSync()).toEqual(lin.weight.dataSync());
    expect(new Linear(4, 3).weight.dataSync()).not.toEqual(new Linear(4, 3).weight.dataSync());
  });

  it('gradients reach weight and bias (gradcheck in float64)', () => {
    const lin = new Linear(3, 2, { dtype: 'float64' });
    expect(lin.weight.dtype).toBe('float64');
    gradcheck((x, w, b) => {
      lin.weight = w!;
      lin.bias = b!;
      return lin.forward(x!);
    }, [toT(rand([4, 3], 2)), lin.weight.detach(), lin.bias!.detach()]);
  });

  it('rejects bad sizes and mismatched inputs, naming them', () => {
    expect(() => new Linear(0, 2)).toThrow(/Linear: inFeatures must be an integer ≥ 1, got 0/);
    expect(() => new Linear(2, 1.5)).toThrow(/outFeatures/);
    expect(() => new Linear(3, 2).forward(tensor([[1, 2]]))).toThrow(/linear: input \[1, 2\] must end with 3 features/);
  });
});

describe('Conv2d', () => {
  const cases: [string, number, number, number | [number, number], ConstructorParameters<typeof Conv2d>[3], [number, number, number, number]][] = [
    ['plain', 2, 3, 3, {}, [0, 0, 0, 0]],
    ['stride 2, padding 1', 2, 4, 3, { stride: 2, padding: 1 }, [1, 1, 1, 1]],
    ['dilation 2, rectangular kernel', 2, 2, [2, 3], { dilation: 2, padding: [1, 2] }, [1, 2, 1, 2]],
    ['groups 2, no bias', 4, 6, 3, { groups: 2, bias: false }, [0, 0, 0, 0]],
    ['same, even kernel (extra pad bottom/right)', 2, 3, 4, { padding: 'same' }, [1, 1, 2, 2]],
    ['same with dilation', 2, 3, 3, { padding: 'same', dilation: 2 }, [2, 2, 2, 2]],
  ];
  for (const [name, cin, cout, k, options, pads] of cases) {
    it(`matches a direct convolution: ${name}`, () => {
      const conv = new Conv2d(cin, cout, k, options);
      const x = rand([2, cin, 7, 8], 3);
      const want = refConv2d(x, arr(conv.weight), conv.bias ? arr(conv.bias) : null, {
        stride: [options?.stride as number ?? 1, options?.stride as number ?? 1], pads, dilation: [options?.dilation as number ?? 1, options?.dilation as number ?? 1], groups: options?.groups ?? 1,
      });
      const y = conv.forward(toT(x, 'float32'));
      expect(y.shape).toEqual(want.shape);
      expectClose(y, flat(want), 1e-5);
    });
  }

  for (const mode of ['reflect', 'replicate', 'circular'] as const) {
    it(`paddingMode '${mode}' pads the input as F.pad, then convolves`, () => {
      const conv = new Conv2d(2, 2, 3, { padding: [1, 2], paddingMode: mode });
      const x = rand([1, 2, 4, 5], 4);
      const want = refConv2d(refPad(x, [1, 2, 1, 2], mode), arr(conv.weight), arr(conv.bias!));
      expectClose(conv.forward(toT(x, 'float32')), flat(want), 1e-5);
    });
  }

  it("'same' with reflect padding keeps the size; the input gradient flows through the padding", () => {
    const conv = new Conv2d(1, 1, 3, { padding: 'same', paddingMode: 'reflect', dtype: 'float64' });
    const x = toT(rand([1, 1, 4, 4], 5));
    expect(conv.forward(x).shape).toEqual([1, 1, 4, 4]);
    gradcheck((xx) => conv.forward(xx!), [x]);
    const circ = new Conv2d(1, 1, 3, { padding: 1, paddingMode: 'circular', dtype: 'float64' });
    gradcheck((xx) => circ.forward(xx!), [x]);
  });

  it('weight [out, in/groups, kh, kw], fanIn = in/groups·kh·kw for the init bound', () => {
    manualSeed(3);
    const conv = new Conv2d(8, 64, 5, { groups: 2 });
    expect(conv.weight.shape).toEqual([64, 4, 5, 5]);
    const bound = 1 / Math.sqrt(4 * 25);
    const w = stats(conv.weight);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.max).toBeGreaterThan(0.99 * bound);
    expect(Math.abs(w.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.03);
  });

  it('rejects bad configurations at construction, naming the argument', () => {
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/Conv2d: inChannels 3 must be divisible by groups 2/);
    expect(() => new Conv2d(4, 3, 3, { groups: 2 })).toThrow(/outChannels 3 must be divisible by groups 2/);
    expect(() => new Conv2d(1, 1, 3, { padding: 'same', stride: 2 })).toThrow(/'same' needs stride 1/);
    expect(() => new Conv2d(1, 1, 0)).toThrow(ShapeError);
    expect(() => new Conv2d(1, 1, 3, { paddingMode: 'mirror' as 'reflect' })).toThrow(/paddingMode must be/);
    expect(() => new Conv2d(2, 1, 3).forward(toT(rand([1, 3, 5, 5], 1), 'float32'))).toThrow(/conv2d/);
  });
});

describe('Conv1d', () => {
  it('matches a direct 1-D convolution (stride, dilation, groups, same)', () => {
    for (const options of [{ stride: 2, padding: 1 }, { dilation: 2, groups: 2 }, { padding: 'same' as const }]) {
      const conv = new Conv1d(2, 4, 3, options);
      const x = rand([2, 2, 9], 6);
      const x4 = { shape: [2, 2, 1, 9], data: x.data };
      const w = arr(conv.weight);
      const pad = options.padding === 'same' ? 1 : options.padding ?? 0;
      const want = refConv2d(x4, { shape: [4, w.shape[1]!, 1, 3], data: w.data }, arr(conv.bias!), {
        stride: [1, options.stride ?? 1], pads: [0, pad, 0, pad], dilation: [1, options.dilation ?? 1], groups: options.groups ?? 1,
      });
      const y = conv.forward(toT(x, 'float32'));
      expect(y.shape).toEqual([2, 4, want.shape[3]]);
      expectClose(y, flat(want), 1e-5);
    }
  });

  it("paddingMode 'replicate' and errors", () => {
    const conv = new Conv1d(1, 1, 3, { padding: 2, paddingMode: 'replicate', bias: false });
    const y = conv.forward(tensor([[[1, 2, 3]]]));
    const w = conv.weight.dataSync();
    const padded = [1, 1, 1, 2, 3, 3, 3];
    expectClose(y, [0, 1, 2, 3, 4].map((i) => w[0]! * padded[i]! + w[1]! * padded[i + 1]! + w[2]! * padded[i + 2]!), 1e-6);
    expect(() => new Conv1d(1, 1, 3, { padding: 'full' as 'same' })).toThrow(/Conv1d: padding must be a number, 'same' or 'valid'/);
    expect(() => new Conv1d(1, 1, 3, { stride: 0 })).toThrow(/Conv1d: stride must be an integer ≥ 1/);
  });
});

describe('ConvTranspose2d', () => {
  it('matches a direct transposed convolution (stride, padding, outputPadding, groups, dilation)', () => {
    const specs = [
      { stride: [2, 2] as [number, number], padding: [1, 1] as [number, number], outputPadding: [1, 1] as [number, number] },
      { groups: 2, dilation: [2, 1] as [number, number] },
    ];
    for (const spec of specs) {
      const deconv = new ConvTranspose2d(4, 6, 3, spec);
      expect(deconv.weight.shape).toEqual([4, 6 / (spec.groups ?? 1), 3, 3]);
      const x = rand([2, 4, 3, 4], 7);
      const want = refConvTranspose2d(x, arr(deconv.weight), arr(deconv.bias!), spec);
      const y = deconv.forward(toT(x, 'float32'));
      expect(y.shape).toEqual(want.shape);
      expectClose(y, flat(want), 1e-5);
    }
  });

  it('initialises with fanIn = weight dim 1 · kh · kw (PyTorch convention) and checks outputPadding', () => {
    manualSeed(4);
    const deconv = new ConvTranspose2d(16, 32, 4);
    const bound = 1 / Math.sqrt(32 * 16);
    expect(stats(deconv.weight).max).toBeLessThanOrEqual(bound);
    expect(stats(deconv.weight).max).toBeGreaterThan(0.98 * bound);
    expect(stats(deconv.bias!).max).toBeLessThanOrEqual(bound);
    expect(() => new ConvTranspose2d(1, 1, 3, { stride: 2, outputPadding: 2 })).toThrow(/outputPadding \[2, 2\] must be smaller than stride \[2, 2\]/);
  });
});

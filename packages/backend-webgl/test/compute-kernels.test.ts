/**
 * What the conformance suite does not reach in the reduction, product and convolution kernels:
 * the multi-pass paths (long reductions, long argmax axes, matmul with a long K, the split sum
 * of conv2dBackpropFilter at LeNet's sizes) and the float32/int32 parts of suite cases that are
 * skipped because they also hold float64. References are float64, computed here.
 */
import type { DType, KernelAttrs, KernelName, TensorInfo, TypedArray } from '@pistil/backend';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebGLBackend } from '../src/index.js';
import { expectClose, randomF32, rng, runKernel, upload as uploadTo } from './support.js';
import { gemmPath } from '../src/kernels/packed-gemm.js';

let backend: WebGLBackend;
beforeAll(() => {
  backend = new WebGLBackend();
});
afterAll(() => backend.destroy());
const upload = (shape: readonly number[], dtype: DType, values: TypedArray): TensorInfo => uploadTo(backend, shape, dtype, values);
const run = <K extends KernelName>(kernel: K, inputs: Record<string, TensorInfo>, attrs: KernelAttrs<K>) => runKernel(backend, kernel, inputs, attrs);

describe('long reductions take several passes', () => {
  it('sums, averages and takes the max of 300,000 elements', async () => {
    const n = 300_000;
    const v = randomF32(n, 1, 0, 1);
    let sum = 0, max = -Infinity;
    for (const x of v) {
      sum += x;
      max = Math.max(max, x);
    }
    const s = await run('reduce', { x: upload([n], 'float32', v) }, { op: 'sum', axes: [0] });
    expect(s.passes).toBeGreaterThanOrEqual(2);
    expect(s.out.shape).toEqual([1]);
    expect(Math.abs(s.values[0]! - sum) / sum).toBeLessThan(1e-6);
    const m = await run('reduce', { x: upload([n], 'float32', v) }, { op: 'mean', axes: [0] });
    expect(Math.abs(m.values[0]! - sum / n) / (sum / n)).toBeLessThan(1e-6);
    const mx = await run('reduce', { x: upload([n], 'float32', v) }, { op: 'max', axes: [0] });
    expect(mx.values[0]).toBe(Math.fround(max));
  });

  it('propagates a NaN from the middle of a long max/min through the later passes', async () => {
    const n = 100_000;
    const v = randomF32(n, 2);
    v[77_777] = NaN;
    for (const op of ['max', 'min'] as const) {
      const r = await run('reduce', { x: upload([2, n / 2], 'float32', v) }, { op, axes: [1] });
      expect(r.passes).toBeGreaterThanOrEqual(2);
      expect(r.values[0]).not.toBeNaN();
      expect(r.values[1]).toBeNaN();
    }
  });

  it('sums [64, 6, 28, 28] over axes [0, 2, 3] (a chunked range over two reduced dims)', async () => {
    const shape = [64, 6, 28, 28];
    const v = randomF32(64 * 6 * 784, 3);
    const ref = new Float64Array(6), mag = new Float64Array(6);
    for (let i = 0; i < v.length; i++) {
      const c = Math.floor(i / 784) % 6;
      ref[c] += v[i]!;
      mag[c] += Math.abs(v[i]!);
    }
    const r = await run('reduce', { x: upload(shape, 'float32', v) }, { op: 'sum', axes: [0, 2, 3] });
    expect(r.passes).toBeGreaterThanOrEqual(2);
    expect(r.out.shape).toEqual([1, 6, 1, 1]);
    expectClose(r.values, ref, mag, 1e-6);
  });

  it('sums and multiplies int32 over a long axis exactly, wrapping like int32', async () => {
    const n = 50_000;
    const r0 = rng(4);
    const v = Int32Array.from({ length: n }, () => Math.floor(r0() * 2e6) - 5e5);
    let sum = 0, prod = 1;
    for (const x of v) {
      sum += x;
      prod = Math.imul(prod, x | 1);
    }
    const s = await run('reduce', { x: upload([n], 'int32', v) }, { op: 'sum', axes: [0] });
    expect(s.passes).toBeGreaterThanOrEqual(2);
    expect(s.values[0]).toBe(sum | 0);
    const p = await run('reduce', { x: upload([n], 'int32', v.map((x) => x | 1)) }, { op: 'prod', axes: [0] });
    expect(p.values[0]).toBe(prod);
  });

  it('any and all of a long bool axis', async () => {
    const n = 20_000;
    const v = new Uint8Array(n);
    v[15_000] = 1;
    expect((await run('reduce', { x: upload([n], 'bool', v) }, { op: 'any', axes: [0] })).values[0]).toBe(1);
    expect((await run('reduce', { x: upload([n], 'bool', v) }, { op: 'all', axes: [0] })).values[0]).toBe(0);
    expect((await run('reduce', { x: upload([n], 'bool', v.fill(1)) }, { op: 'all', axes: [0] })).values[0]).toBe(1);
  });

  it('reduces a scalar (the float32 and int32 parts of a suite case that also holds float64)', async () => {
    expect(Array.from((await run('reduce', { x: upload([], 'float32', Float32Array.of(2.5)) }, { op: 'sum', axes: [] })).values)).toEqual([2.5]);
    expect(Array.from((await run('reduce', { x: upload([], 'int32', Int32Array.of(-4)) }, { op: 'max', axes: [] })).values)).toEqual([-4]);
    expect(Array.from((await run('reduce', { x: upload([], 'float32', Float32Array.of(3)) }, { op: 'mean', axes: [] })).values)).toEqual([3]);
  });
});

describe('inputs of more than 2^23 elements (texel cursors with row carries)', () => {
  it('sums 3 × 2,800,000 elements along the long axis and across it', async () => {
    const [rows, cols] = [3, 2_800_000];
    const v = randomF32(rows * cols, 13, 0, 1);
    const ref = new Float64Array(rows), mag = new Float64Array(rows);
    for (let i = 0; i < v.length; i++) ref[Math.floor(i / cols)] += v[i]!;
    mag.set(ref);
    const r = await run('reduce', { x: upload([rows, cols], 'float32', v) }, { op: 'sum', axes: [1] });
    expect(r.passes).toBeGreaterThanOrEqual(2);
    expectClose(r.values, ref, mag, 1e-6);
    const m = await run('reduce', { x: upload([rows, cols], 'float32', v) }, { op: 'max', axes: [0] });
    for (const j of [0, 1, 1_234_567, cols - 1]) expect(m.values[j]).toBe(Math.max(v[j]!, v[cols + j]!, v[2 * cols + j]!));
  });

  it('matmul whose a has 2 × 4,200,000 elements, plain and transposed, direct and packed', async () => {
    const [m, k, n] = [2, 4_200_000, 1];
    const a = randomF32(m * k, 14), b = randomF32(k * n, 15);
    for (const [tA, path] of [[false, 'unpacked'], [true, 'unpacked'], [false, 'packed'], [true, 'packed']] as const) {
      gemmPath.force = path;
      const ref = new Float64Array(m), mag = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const t = a[tA ? p * m + i : i * k + p]! * b[p]!;
          ref[i] += t;
          mag[i] += Math.abs(t);
        }
      }
      try {
        const r = await run('matmul', { a: upload(tA ? [k, m] : [m, k], 'float32', a), b: upload([k, n], 'float32', b) }, { transposeA: tA, transposeB: false });
        expect(r.passes).toBe(path === 'packed' ? 4 : 2);
        expectClose(r.values, ref, mag, 1e-6);
      } finally {
        gemmPath.force = undefined;
      }
    }
  });
});

describe('argReduce', () => {
  function argRef(v: ArrayLike<number>, outer: number, len: number, inner: number, op: 'argmax' | 'argmin'): number[] {
    const out: number[] = [];
    const sign = op === 'argmax' ? 1 : -1;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        let best = 0, bv = sign * v[o * len * inner + j]!;
        for (let k = 1; k < len; k++) {
          const x = sign * v[(o * len + k) * inner + j]!;
          if (bv !== bv) break;
          if (x > bv || x !== x) {
            best = k;
            bv = x;
          }
        }
        out.push(best);
      }
    }
    return out;
  }

  it('finds the first extreme, or the first NaN, along a long axis in several passes', async () => {
    const len = 20_000;
    const r0 = rng(5);
    // few distinct values: many ties, whose first must win across chunk boundaries
    const v = Float32Array.from({ length: 3 * len * 2 }, () => Math.floor(r0() * 50));
    v[(1 * len + 12_345) * 2 + 1] = NaN;
    v[(1 * len + 17_000) * 2 + 1] = NaN;
    for (const op of ['argmax', 'argmin'] as const) {
      const r = await run('argReduce', { x: upload([3, len, 2], 'float32', v) }, { op, axis: 1 });
      expect(r.passes).toBeGreaterThanOrEqual(2);
      expect(r.out.shape).toEqual([3, 1, 2]);
      expect(Array.from(r.values)).toEqual(argRef(v, 3, len, 2, op));
      expect(r.values[3]).toBe(12_345);
    }
  });

  it('int32 along each axis (the int32 part of a suite case that also holds float64)', async () => {
    const r0 = rng(6);
    const v = Int32Array.from({ length: 5 * 3 }, () => Math.floor(r0() * 2000) - 1000);
    for (const op of ['argmax', 'argmin'] as const) {
      for (const axis of [0, 1]) {
        const [outer, len, inner] = axis === 0 ? [1, 5, 3] : [5, 3, 1];
        const r = await run('argReduce', { x: upload([5, 3], 'int32', v) }, { op, axis });
        expect(Array.from(r.values)).toEqual(argRef(v, outer!, len!, inner!, op));
      }
    }
  });
});

describe('matmul', () => {
  /** float64 product of row-major a [M, K] (or [K, M]) and b [K, N] (or [N, K]), and Σ|a·b|. */
  function mmRef(a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean) {
    const ref = new Float64Array(m * n), mag = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0, t = 0;
        for (let p = 0; p < k; p++) {
          const prod = a[tA ? p * m + i : i * k + p]! * b[tB ? j * k + p : p * n + j]!;
          s += prod;
          t += Math.abs(prod);
        }
        ref[i * n + j] = s;
        mag[i * n + j] = t;
      }
    }
    return { ref, mag };
  }

  it('128×256 times 256×64', async () => {
    const [m, k, n] = [128, 256, 64];
    const a = randomF32(m * k, 7), b = randomF32(k * n, 8);
    const { ref, mag } = mmRef(a, b, m, k, n, false, false);
    const r = await run('matmul', { a: upload([m, k], 'float32', a), b: upload([k, n], 'float32', b) }, { transposeA: false, transposeB: false });
    expect(r.out.shape).toEqual([m, n]);
    expectClose(r.values, ref, mag, 1e-6);
  });

  describe("the direct path's split K (the packed path's is in packed.test.ts)", () => {
    beforeEach(() => {
      gemmPath.force = 'unpacked';
    });
    afterEach(() => {
      gemmPath.force = undefined;
    });

    it('fusedMatmul with a long K: bias and relu after the partial sums', async () => {
      const [m, k, n] = [3, 9000, 4];
      const a = randomF32(m * k, 16), b = randomF32(k * n, 17), bias = randomF32(n, 18, -20, 20);
      const { ref, mag } = mmRef(a, b, m, k, n, false, false);
      for (let i = 0; i < ref.length; i++) ref[i] = Math.max(0, ref[i]! + bias[i % n]!);
      const r = await run('fusedMatmul', { a: upload([m, k], 'float32', a), b: upload([k, n], 'float32', b), bias: upload([n], 'float32', bias) }, { transposeA: false, transposeB: false, activation: 'relu' });
      expect(r.passes).toBe(3);
      expectClose(r.values, ref, mag, 1e-6);
    });

    it('a long K (10,000) is split into partial products and their sum, any transposes', async () => {
      const [m, k, n] = [3, 10_000, 5];
      const a = randomF32(m * k, 9), b = randomF32(k * n, 10);
      for (const [tA, tB] of [[false, false], [true, true]] as const) {
        const { ref, mag } = mmRef(a, b, m, k, n, tA, tB);
        const r = await run('matmul', { a: upload(tA ? [k, m] : [m, k], 'float32', a), b: upload(tB ? [n, k] : [k, n], 'float32', b) }, { transposeA: tA, transposeB: tB });
        expect(r.passes).toBe(2);
        expectClose(r.values, ref, mag, 1e-6);
      }
    });
  });
});

describe('conv2dBackpropFilter', () => {
  interface Geometry {
    x: [number, number, number, number];
    w: [number, number, number, number];
    stride: [number, number];
    pads: [number, number, number, number];
    dilation: [number, number];
    groups: number;
  }

  /** float64 dw and Σ|terms| straight from the definition. */
  function dwRef(xv: Float32Array, dyv: Float32Array, g: Geometry, oh: number, ow: number) {
    const [n, c, h, wd] = g.x, [o, cg, kh, kw] = g.w;
    const og = o / g.groups;
    const ref = new Float64Array(o * cg * kh * kw), mag = new Float64Array(ref.length);
    for (let oc = 0; oc < o; oc++) {
      const ci0 = Math.floor(oc / og) * cg;
      for (let cc = 0; cc < cg; cc++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            let s = 0, t = 0;
            for (let b = 0; b < n; b++) {
              for (let oy = 0; oy < oh; oy++) {
                const iy = oy * g.stride[0] - g.pads[0] + ky * g.dilation[0];
                if (iy < 0 || iy >= h) continue;
                for (let ox = 0; ox < ow; ox++) {
                  const ix = ox * g.stride[1] - g.pads[1] + kx * g.dilation[1];
                  if (ix < 0 || ix >= wd) continue;
                  const p = dyv[((b * o + oc) * oh + oy) * ow + ox]! * xv[((b * c + ci0 + cc) * h + iy) * wd + ix]!;
                  s += p;
                  t += Math.abs(p);
                }
              }
            }
            const at = ((oc * cg + cc) * kh + ky) * kw + kx;
            ref[at] = s;
            mag[at] = t;
          }
        }
      }
    }
    return { ref, mag };
  }

  async function check(g: Geometry): Promise<number> {
    const out = (size: number, k: number, s: number, p: number, d: number) => Math.floor((size + p - d * (k - 1) - 1) / s) + 1;
    const oh = out(g.x[2], g.w[2], g.stride[0], g.pads[0] + g.pads[2], g.dilation[0]);
    const ow = out(g.x[3], g.w[3], g.stride[1], g.pads[1] + g.pads[3], g.dilation[1]);
    const dyShape = [g.x[0], g.w[0], oh, ow];
    const xv = randomF32(g.x.reduce((a, b) => a * b), 11), dyv = randomF32(dyShape.reduce((a, b) => a * b), 12);
    const { ref, mag } = dwRef(xv, dyv, g, oh, ow);
    const r = await run('conv2dBackpropFilter', { x: upload(g.x, 'float32', xv), dy: upload(dyShape, 'float32', dyv) }, { stride: g.stride, pads: g.pads, dilation: g.dilation, groups: g.groups, filterShape: g.w });
    expect(r.out.shape).toEqual(g.w);
    expectClose(r.values, ref, mag, 1e-6);
    return r.passes;
  }

  /** The direct kernel (partial sums, then their sum: 2 passes) and the packed product (packed-conv-grads.ts: 4 passes). */
  async function checkBothPaths(g: Geometry): Promise<void> {
    for (const [path, passes] of [['unpacked', 2], ['packed', 4]] as const) {
      gemmPath.force = path;
      try {
        expect(await check(g)).toBe(passes);
      } finally {
        gemmPath.force = undefined;
      }
    }
  }

  it("LeNet's first layer: batch 64, 1 → 6 channels, 5×5, pads 2 on 28×28 (partial sums, then their sum)", async () => {
    await checkBothPaths({ x: [64, 1, 28, 28], w: [6, 1, 5, 5], stride: [1, 1], pads: [2, 2, 2, 2], dilation: [1, 1], groups: 1 });
  });

  it('batch 64 with stride 2, dilation [2, 1], asymmetric pads and groups 2', async () => {
    await checkBothPaths({ x: [64, 4, 20, 19], w: [4, 2, 3, 3], stride: [2, 2], pads: [1, 0, 2, 1], dilation: [2, 1], groups: 2 });
  });
});

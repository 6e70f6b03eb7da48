/**
 * The forward convolution and the filter gradient without a column matrix (wasm/conv-image.ts:
 * one image at a time, the GEMM packing its panels, or reading them in place, straight from a
 * padded copy of the image) against im2col + the blocked GEMM (the same packed operands: the same
 * bits) and against the TypeScript kernels. Geometries reach every branch of the packing: panels
 * inside one row, across two rows, rows narrower than a panel, several K and N blocks, strides,
 * dilations, pads cut short, groups, several images.
 */
import type { Conv2dAttrs } from '@pistil/backend';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CpuBackend, simdSupported } from '../src/index.js';
import { CONV_CHUNK_BYTES, CONV_FILTER_CHUNK_BYTES, convChunk } from '../src/helpers/im2col.js';
import { SimdKernels } from '../src/wasm/simd.js';
import { expectClose, run, tensor } from './helpers.js';

function randomValues(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
const attrs = (stride: [number, number], pads: [number, number, number, number], dilation: [number, number] = [1, 1], groups = 1): Conv2dAttrs =>
  ({ stride, pads, dilation, groups });

// Output channels per group ≥ 4 and pixels ≥ 4: products the blocked GEMM runs either way.
const CASES: { name: string; x: number[]; w: number[]; attrs: Conv2dAttrs }[] = [
  { name: 'LeNet conv1 (pads 2, 28-pixel rows: panels across rows)', x: [1, 1, 28, 28], w: [6, 1, 5, 5], attrs: attrs([1, 1], [2, 2, 2, 2]) },
  { name: 'LeNet conv2 (10-pixel rows)', x: [1, 6, 14, 14], w: [16, 6, 5, 5], attrs: attrs([1, 1], [0, 0, 0, 0]) },
  { name: 'rows narrower than a panel (5 pixels)', x: [1, 3, 9, 5], w: [5, 3, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1]) },
  { name: 'rows of 8 pixels exactly, 1-row kernel', x: [1, 2, 6, 10], w: [4, 2, 1, 3], attrs: attrs([1, 1], [0, 0, 0, 0]) },
  { name: 'stride [2, 1], dilation 2, asymmetric pads', x: [1, 3, 13, 12], w: [7, 3, 3, 3], attrs: attrs([2, 1], [2, 0, 1, 3], [2, 2]) },
  { name: 'padding never reached (output cut short by the stride)', x: [1, 2, 10, 11], w: [4, 2, 3, 3], attrs: attrs([3, 1], [0, 1, 2, 2]) },
  { name: 'groups 2', x: [1, 4, 9, 9], w: [8, 2, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1], [1, 1], 2) },
  { name: 'K over one block (40 channels × 3×3 = 360)', x: [1, 40, 6, 7], w: [9, 40, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1]) },
  { name: 'N over one block (1600 pixels)', x: [1, 2, 40, 40], w: [5, 2, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1]) },
  { name: 'three images, one at a time', x: [3, 3, 11, 9], w: [5, 3, 5, 5], attrs: attrs([1, 1], [2, 2, 2, 2]) },
];

describe.skipIf(!simdSupported())('convolution without a column matrix (wasm/conv-image.ts)', () => {
  const simd = new CpuBackend({ threads: 1 }), scalar = new CpuBackend({ kernels: 'scalar', threads: 1 });
  // One image per chunk on the calling thread: the path that packs from the image.
  const oneImageChunks = { imageThreads: false, bytes: 1 };
  afterEach(() => Object.assign(convChunk, { bytes: CONV_CHUNK_BYTES, filterBytes: CONV_FILTER_CHUNK_BYTES, imageThreads: true, direct: true }));
  const spy = vi.spyOn(SimdKernels.prototype, 'convImages'), filterSpy = vi.spyOn(SimdKernels.prototype, 'convFilterImages');
  afterAll(() => {
    spy.mockRestore();
    filterSpy.mockRestore();
  });

  for (const c of CASES) {
    it(c.name, () => {
      const xv = randomValues(size(c.x), 1), wv = randomValues(size(c.w), 2), bv = randomValues(c.w[0]!, 3);
      const conv = (b: CpuBackend, direct: boolean) => {
        Object.assign(convChunk, oneImageChunks, { direct });
        const x = tensor(b, c.x, xv), w = tensor(b, c.w, wv), bias = tensor(b, [c.w[0]!], bv);
        const plain = run(b, 'conv2d', { x, w }, c.attrs);
        const dy = tensor(b, plain.shape, randomValues(plain.values.length, 4));
        return {
          plain,
          fused: run(b, 'fusedConv2d', { x, w, bias }, { ...c.attrs, activation: 'relu' }),
          dw: run(b, 'conv2dBackpropFilter', { x, dy }, { ...c.attrs, filterShape: c.w }),
        };
      };
      const calls = spy.mock.calls.length, filterCalls = filterSpy.mock.calls.length;
      const direct = conv(simd, true);
      expect([spy.mock.calls.length - calls, filterSpy.mock.calls.length - filterCalls]).toEqual([2, 1]);
      const viaColumns = conv(simd, false), reference = conv(scalar, false);
      expect([spy.mock.calls.length - calls, filterSpy.mock.calls.length - filterCalls]).toEqual([2, 1]);
      expect(direct.plain.shape).toEqual(reference.plain.shape);
      for (const key of ['plain', 'fused', 'dw'] as const) {
        expect(new Float32Array(direct[key].values), key).toEqual(new Float32Array(viaColumns[key].values));
        expectClose(direct[key].values, reference[key].values, key === 'dw' ? 1e-4 : 1e-5);
      }
    });
  }

  it('takes the im2col path for a stride along the width', () => {
    const c = { x: [1, 2, 9, 9], w: [4, 2, 3, 3], attrs: attrs([1, 2], [1, 1, 1, 1]) };
    Object.assign(convChunk, oneImageChunks);
    const calls = spy.mock.calls.length;
    const got = run(simd, 'conv2d', { x: tensor(simd, c.x, randomValues(162, 4)), w: tensor(simd, c.w, randomValues(72, 5)) }, c.attrs);
    const want = run(scalar, 'conv2d', { x: tensor(scalar, c.x, randomValues(162, 4)), w: tensor(scalar, c.w, randomValues(72, 5)) }, c.attrs);
    expectClose(got.values, want.values, 1e-5);
    expect(spy.mock.calls.length).toBe(calls);
  });
});

/**
 * The batched float32 convolution kernels (SIMD variant: one im2col column matrix and one GEMM per
 * chunk of images and group) against the scalar per-image TypeScript kernels, on 1 and 2 threads,
 * with the chunk budget lowered so that batches span several chunks (and chunks of one image).
 */
import type { Conv2dAttrs, KernelAttrs } from '@pistil/backend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { CONV_CHUNK_BYTES, CONV_FILTER_CHUNK_BYTES, convChunk, imagesPerChunk } from '../src/helpers/im2col.js';
import { expectClose, run, tensor } from './helpers.js';

function randomValues(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

interface Case { name: string; x: number[]; w: number[]; attrs: Conv2dAttrs }
const attrs = (stride: [number, number], pads: [number, number, number, number], dilation: [number, number], groups: number): Conv2dAttrs =>
  ({ stride, pads, dilation, groups });

const CASES: Case[] = [
  { name: 'batch 1, odd sizes, pad 2', x: [1, 3, 11, 9], w: [5, 3, 5, 5], attrs: attrs([1, 1], [2, 2, 2, 2], [1, 1], 1) },
  { name: 'LeNet conv1 shape, batch 7', x: [7, 1, 28, 28], w: [6, 1, 5, 5], attrs: attrs([1, 1], [2, 2, 2, 2], [1, 1], 1) },
  { name: 'LeNet conv2 shape, batch 5', x: [5, 6, 14, 14], w: [16, 6, 5, 5], attrs: attrs([1, 1], [0, 0, 0, 0], [1, 1], 1) },
  { name: 'groups 2, dilation 2, asymmetric pads, stride (1, 2)', x: [6, 4, 9, 8], w: [6, 2, 3, 2], attrs: attrs([1, 2], [2, 0, 1, 3], [2, 2], 2) },
  { name: 'depthwise, stride 2', x: [9, 3, 8, 7], w: [3, 1, 3, 3], attrs: attrs([2, 2], [1, 1, 0, 0], [1, 1], 3) },
  { name: 'stride 3 > kernel, 1-pixel output rows', x: [4, 2, 10, 3], w: [3, 2, 2, 2], attrs: attrs([3, 3], [0, 1, 0, 0], [1, 1], 1) },
  { name: 'wide K (> one K block), odd N', x: [3, 40, 5, 7], w: [9, 40, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1], [1, 1], 1) },
];

/** Chunk budgets: the default (whole batches here), ~2-3 images a chunk, one image a chunk. */
const WHOLE = 64 << 20;
const BUDGETS = [WHOLE, 3 * 4 * (40 * 9 + 9) * 35, 1];

function check(simd: CpuBackend, scalar: CpuBackend, c: Case): void {
  const xv = randomValues(size(c.x), 1), wv = randomValues(size(c.w), 2);
  const got = (b: CpuBackend) => {
    const x = tensor(b, c.x, xv), w = tensor(b, c.w, wv);
    const y = run(b, 'conv2d', { x, w }, c.attrs);
    const dyv = randomValues(y.values.length, 3);
    const dy = tensor(b, y.shape, dyv);
    const dx = run(b, 'conv2dBackpropInput', { dy, w }, { ...c.attrs, inputShape: c.x });
    const dw = run(b, 'conv2dBackpropFilter', { x, dy }, { ...c.attrs, filterShape: c.w });
    // conv2dTranspose of dy by w is dx (it reuses the backprop-input kernel).
    const tAttrs: KernelAttrs<'conv2dTranspose'> = { ...c.attrs, outputPadding: [0, 0] };
    const t = run(b, 'conv2dTranspose', { x: dy, w }, tAttrs);
    return { y, dx, dw, t };
  };
  const a = got(simd), r = got(scalar);
  expect(a.y.shape).toEqual(r.y.shape);
  expectClose(a.y.values, r.y.values, 1e-5);
  expectClose(a.dx.values, r.dx.values, 1e-5);
  // dw sums over every image and pixel in float32: a little looser.
  expectClose(a.dw.values, r.dw.values, 1e-4);
  expect(a.t.shape.slice(0, 2)).toEqual(r.t.shape.slice(0, 2));
  expectClose(a.t.values, r.t.values, 1e-5);
}

describe('batched float32 convolution kernels match the scalar per-image ones', () => {
  let scalar: CpuBackend, single: CpuBackend, threaded: CpuBackend, tiny: CpuBackend;
  beforeAll(async () => {
    scalar = new CpuBackend({ kernels: 'scalar', threads: 1 });
    single = new CpuBackend({ threads: 1 });
    // Every product to WebAssembly and over 2 threads where they are available.
    threaded = new CpuBackend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 0 });
    tiny = new CpuBackend({ threads: 1, simdGemmMinWork: 0 });
    await threaded.ready.catch(() => undefined);
  }, 60_000);
  afterEach(() => {
    Object.assign(convChunk, { bytes: CONV_CHUNK_BYTES, filterBytes: CONV_FILTER_CHUNK_BYTES, imageThreads: true, direct: true });
  });

  it('chunks: at least one image, at most the batch, within the budget', () => {
    expect(imagesPerChunk(64, 25 * 784 + 6 * 784)).toBe(10);
    expect(imagesPerChunk(4, 25 * 784 + 6 * 784)).toBe(4);
    expect(imagesPerChunk(64, (288 + 64) * 4096)).toBe(1);
    expect(imagesPerChunk(0, 10)).toBe(1);
    convChunk.bytes = 4 * 100 * 3;
    expect(imagesPerChunk(10, 100)).toBe(3);
  });

  for (const budget of BUDGETS) {
    for (const imageThreads of [true, false]) {
      for (const direct of [true, false]) {
        for (const c of CASES) {
          const how = `${imageThreads ? 'images over threads' : 'GEMMs over threads'}${direct ? '' : ', forward through im2col'}`;
          it(`${c.name} (chunk budget ${budget} B, ${how})`, () => {
            Object.assign(convChunk, { bytes: budget, filterBytes: budget, imageThreads, direct });
            for (const b of [single, threaded, tiny]) check(b, scalar, c);
          });
        }
      }
    }
  }

  it('empty batch', () => {
    const c: Case = { name: 'empty', x: [0, 2, 5, 5], w: [3, 2, 3, 3], attrs: attrs([1, 1], [1, 1, 1, 1], [1, 1], 1) };
    const x = tensor(single, c.x, []), w = tensor(single, c.w, randomValues(54, 1));
    expect(run(single, 'conv2d', { x, w }, c.attrs).shape).toEqual([0, 3, 5, 5]);
    const dy = tensor(single, [0, 3, 5, 5], []);
    expect(run(single, 'conv2dBackpropFilter', { x, dy }, { ...c.attrs, filterShape: c.w }).values).toEqual(new Array(54).fill(0));
  });
});

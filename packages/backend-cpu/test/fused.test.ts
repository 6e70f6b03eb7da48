/**
 * The fused kernels (fusedMatmul, fusedConv2d) give, bit for bit, what their unfused chain gives on
 * the same backend: the product, a broadcast add of the bias, relu. On the scalar (TypeScript)
 * and SIMD variants, over 2 threads, and through each convolution path (one image; a batch over
 * threads by images; a batch in chunks on the calling thread). The conformance suite checks both
 * against the float64 reference on every variant.
 */
import type { Conv2dAttrs, FusedActivation, TensorInfo } from '@pistil/backend';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { CONV_CHUNK_BYTES, CONV_FILTER_CHUNK_BYTES, convChunk } from '../src/helpers/im2col.js';
import { tensor, values } from './helpers.js';
import { transpileSrc, type TranspiledSrc } from './transpiled.js';

function randomValues(n: number, seed: number): number[] {
  let s = seed;
  // Full float32 mantissas and both signs, some exact zeros and a NaN: relu's edge cases.
  return Array.from({ length: n }, (_, i) => (i % 97 === 5 ? 0 : i % 211 === 7 ? NaN : ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1));
}

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
const bits = (v: readonly number[]) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

/** The unfused chain: y + bias (reshaped to `biasShape`), then relu, each a kernel of its own. */
function unfused(b: CpuBackend, y: TensorInfo, bias: TensorInfo | undefined, biasShape: number[], activation: FusedActivation): number[] {
  let out = y;
  if (bias) out = b.run('binary', { a: out, b: { ...bias, shape: biasShape } }, { op: 'add' });
  if (activation === 'relu') out = b.run('unary', { x: out }, { op: 'relu' });
  return values(b, out);
}

const ACTS: FusedActivation[] = ['relu', 'none'];

describe('fused kernels equal their unfused chain', () => {
  const backends: [string, CpuBackend][] = [];
  let src: TranspiledSrc | undefined;
  beforeAll(async () => {
    backends.push(['scalar', new CpuBackend({ kernels: 'scalar', threads: 1 })], ['simd', new CpuBackend({ threads: 1 })]);
    if (typeof SharedArrayBuffer !== 'undefined') {
      src = transpileSrc();
      const threaded = new CpuBackend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 0, workerUrl: src.workerUrl });
      await threaded.ready;
      backends.push(['simd, every product in wasm, 2 threads', threaded]);
    }
  }, 60_000);
  afterAll(() => {
    backends.forEach(([, b]) => b.destroy());
    src?.remove();
  });
  afterEach(() => Object.assign(convChunk, { bytes: CONV_CHUNK_BYTES, filterBytes: CONV_FILTER_CHUNK_BYTES, imageThreads: true }));

  const MATMULS: { a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
    { a: [1, 400], b: [120, 400], tA: false, tB: true }, // a Linear at batch 1 (thin product)
    { a: [64, 84], b: [10, 84], tA: false, tB: true },
    { a: [3, 7, 9], b: [9, 5], tA: false, tB: false },
    { a: [13, 6], b: [13, 33], tA: true, tB: false },
  ];
  for (const m of MATMULS) {
    for (const activation of ACTS) {
      it(`fusedMatmul ${JSON.stringify(m.a)}${m.tA ? 'ᵀ' : ''} × ${JSON.stringify(m.b)}${m.tB ? 'ᵀ' : ''}, ${activation}`, () => {
        for (const [, b] of backends) {
          const a = tensor(b, m.a, randomValues(size(m.a), 1)), w = tensor(b, m.b, randomValues(size(m.b), 2));
          const n = m.b[m.tB ? m.b.length - 2 : m.b.length - 1]!;
          for (const withBias of [true, false]) {
            const bias = withBias ? tensor(b, [n], randomValues(n, 3)) : undefined;
            const attrs = { transposeA: m.tA, transposeB: m.tB };
            const fused = values(b, b.run('fusedMatmul', bias ? { a, b: w, bias } : { a, b: w }, { ...attrs, activation }));
            const want = unfused(b, b.run('matmul', { a, b: w }, attrs), bias, [n], activation);
            expect(bits(fused)).toEqual(bits(want));
          }
        }
      });
    }
  }

  const conv = (stride: number, pad: number, groups = 1): Conv2dAttrs => ({ stride: [stride, stride], pads: [pad, pad, pad, pad], dilation: [1, 1], groups });
  const CONVS: { name: string; x: number[]; w: number[]; attrs: Conv2dAttrs }[] = [
    { name: 'LeNet conv1 at batch 1', x: [1, 1, 28, 28], w: [6, 1, 5, 5], attrs: conv(1, 2) },
    { name: 'LeNet conv2 at batch 5', x: [5, 6, 14, 14], w: [16, 6, 5, 5], attrs: conv(1, 0) },
    { name: 'groups 2, stride 2, batch 3', x: [3, 4, 9, 8], w: [6, 2, 3, 3], attrs: conv(2, 1, 2) },
    { name: '1×1 (pointwise), batch 2', x: [2, 5, 4, 3], w: [3, 5, 1, 1], attrs: conv(1, 0) },
  ];
  // Default chunks, then one image per chunk on the calling thread (its GEMMs over the threads).
  for (const [label, chunk] of [['batches over threads', { imageThreads: true }], ['chunks of one image', { imageThreads: false, bytes: 1 }]] as const) {
    for (const c of CONVS) {
      it(`fusedConv2d ${c.name} (${label})`, () => {
        Object.assign(convChunk, chunk);
        for (const [, b] of backends) {
          const x = tensor(b, c.x, randomValues(size(c.x), 4)), w = tensor(b, c.w, randomValues(size(c.w), 5));
          const o = c.w[0]!;
          for (const activation of ACTS) {
            for (const withBias of [true, false]) {
              const bias = withBias ? tensor(b, [o], randomValues(o, 6)) : undefined;
              const fused = values(b, b.run('fusedConv2d', bias ? { x, w, bias } : { x, w }, { ...c.attrs, activation }));
              const want = unfused(b, b.run('conv2d', { x, w }, c.attrs), bias, [o, 1, 1], activation);
              expect(bits(fused)).toEqual(bits(want));
            }
          }
        }
      });
    }
  }

  it('ran on the workers too (where threads exist)', () => {
    const threaded = backends[2]?.[1];
    if (threaded) expect(threaded.threadStats()!.workerChunks).toBeGreaterThan(0);
  });

  it('frees its output when the bias is wrong', () => {
    for (const [, b] of backends) {
      const before = b.memory().buffers;
      const a = tensor(b, [2, 3], randomValues(6, 1)), w = tensor(b, [3, 4], randomValues(12, 2)), bias = tensor(b, [3], [1, 2, 3]);
      expect(() => b.run('fusedMatmul', { a, b: w, bias }, { transposeA: false, transposeB: false, activation: 'relu' })).toThrow(/bias has shape \[3\], expected \[4\]/);
      const x = tensor(b, [1, 3, 4, 4], randomValues(48, 3)), k = tensor(b, [4, 3, 3, 3], randomValues(108, 4));
      expect(() => b.run('fusedConv2d', { x, w: k, bias }, { ...conv(1, 1), activation: 'none' })).toThrow(/bias has shape \[3\], expected \[4\]/);
      expect(b.memory().buffers).toBe(before + 5);
    }
  });
});

/**
 * The WebAssembly SIMD kernels. The GEMM against a float64 reference: odd sizes around its 4×8 tile and
 * its K/M/N blocks, transposes, accumulation, operands at offsets and with row strides inside
 * bigger heap buffers, heap growth between calls; im2col/col2im and max-pool against the
 * TypeScript kernels; and the committed binaries' reproducibility.
 */
import { CONV_CHUNK_BYTES, CONV_FILTER_CHUNK_BYTES, convChunk } from '../src/helpers/im2col.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Conv2dAttrs, DType, KernelAttrs, KernelInputs, KernelName, Pool2dAttrs, TensorInfo } from '@pistil/backend';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CpuBackend, simdSupported } from '../src/index.js';
import type { StridedMatrix } from '../src/helpers/gemm.js';
import { SimdKernels } from '../src/wasm/simd.js';
import { expectClose, run, tensor } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [1, 3, 7, 17, 33, 65, 129, 257];
const U = 2 ** -24;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

interface Case { m: number; n: number; k: number; ta: boolean; tb: boolean; accumulate: boolean; pad: number }

/**
 * Runs backend.gemm on float32 heap buffers with `pad` extra elements before each operand and
 * `pad` extra columns per row (so offsets and row strides are not the tight ones), then checks
 * every element against the float64 product under the float32 summation bound
 * |err| ≤ (k + 2)·u·Σ|a·b| (+ |c₀| when accumulating), u = 2⁻²⁴.
 */
function checkGemm(b: CpuBackend, { m, n, k, ta, tb, accumulate, pad }: Case, seed: number): void {
  const rand = lcg(seed);
  // Stored shapes: A is [m, k] or [k, m], B is [k, n] or [n, k]; rows padded by `pad`.
  const [aRows, aCols] = ta ? [k, m] : [m, k];
  const [bRows, bCols] = tb ? [n, k] : [k, n];
  const ald = aCols + pad, bld = bCols + pad, cld = n + pad;
  const aBuf = b.scratch('float32', pad + aRows * ald), bBuf = b.scratch('float32', pad + bRows * bld), cBuf = b.scratch('float32', pad + m * cld);
  try {
    const av = aBuf.view() as Float32Array, bv = bBuf.view() as Float32Array, cv = cBuf.view() as Float32Array;
    for (let i = 0; i < av.length; i++) av[i] = rand();
    for (let i = 0; i < bv.length; i++) bv[i] = rand();
    for (let i = 0; i < cv.length; i++) cv[i] = rand();
    const before = Float32Array.from(cv);
    const A = (i: number, p: number): number => av[pad + (ta ? p * ald + i : i * ald + p)]!;
    const B = (p: number, j: number): number => bv[pad + (tb ? j * bld + p : p * bld + j)]!;
    const am: StridedMatrix = { data: av, offset: pad, rowStride: ta ? 1 : ald, colStride: ta ? ald : 1 };
    const bm: StridedMatrix = { data: bv, offset: pad, rowStride: tb ? 1 : bld, colStride: tb ? bld : 1 };
    b.gemm(m, n, k, am, bm, cv, pad, cld, accumulate);

    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0, mag = 0;
        for (let p = 0; p < k; p++) {
          const t = A(i, p) * B(p, j);
          s += t;
          mag += Math.abs(t);
        }
        const c0 = before[pad + i * cld + j]!;
        const want = accumulate ? s + c0 : s;
        const bound = (k + 2) * U * (mag + (accumulate ? Math.abs(c0) : 0)) + 1e-30;
        const got = cv[pad + i * cld + j]!;
        if (!(Math.abs(got - want) <= bound)) throw new Error(`C(${i}, ${j}) = ${got}, expected ${want} ± ${bound}`);
      }
    }
    // Padding (before C and between its rows) is never written.
    for (let i = 0; i < pad; i++) expect(cv[i]).toBe(before[i]);
    for (let i = 0; i < m; i++) for (let j = n; j < cld; j++) expect(cv[pad + i * cld + j]).toBe(before[pad + i * cld + j]);
  } finally {
    aBuf.free();
    bBuf.free();
    cBuf.free();
  }
}

describe.skipIf(!simdSupported())('WebAssembly SIMD GEMM', () => {
  const spy = vi.spyOn(SimdKernels.prototype, 'sgemm');
  afterAll(() => spy.mockRestore());

  for (const shared of [true, false]) {
    describe(shared ? 'shared heap' : 'unshared heap', () => {
      const b = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared });

      it('is the variant in use', () => {
        expect(b.kernelVariant).toBe('simd');
        expect(b.heap.shared).toBe(shared);
      });

      // Every (m, n) pair of SIZES, with K cycling through SIZES so each K meets every m and n.
      it('matches the float64 product for every pair of odd sizes, all transposes', () => {
        const calls = spy.mock.calls.length;
        let seed = 1;
        for (const [mi, m] of SIZES.entries()) {
          for (const [ni, n] of SIZES.entries()) {
            const k = SIZES[(mi + 3 * ni) % SIZES.length]!;
            const flags = seed % 4;
            checkGemm(b, { m, n, k, ta: (flags & 1) === 1, tb: (flags & 2) === 2, accumulate: false, pad: 0 }, seed++);
          }
        }
        expect(spy.mock.calls.length - calls).toBe(SIZES.length ** 2);
      });

      it('handles K across several K blocks (K = 257, 513, 1031) and both transposes', () => {
        for (const k of [257, 513, 1031]) {
          for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
            checkGemm(b, { m: 17, n: 33, k, ta, tb, accumulate: false, pad: 0 }, k + (ta ? 1 : 0) + (tb ? 2 : 0));
          }
        }
      });

      it('handles M and N across their blocks (M = 129..257 rows, N = 1031 columns)', () => {
        checkGemm(b, { m: 257, n: 1031, k: 7, ta: false, tb: false, accumulate: false, pad: 0 }, 11);
        checkGemm(b, { m: 129, n: 1031, k: 33, ta: true, tb: true, accumulate: false, pad: 0 }, 12);
      });

      it('accumulates into C and respects offsets and row strides inside bigger buffers', () => {
        let seed = 100;
        for (const [m, n, k] of [[1, 1, 1], [3, 7, 17], [33, 65, 129], [65, 17, 3], [7, 257, 33], [129, 9, 65]] as const) {
          for (const [ta, tb] of [[false, false], [true, true], [true, false], [false, true]] as const) {
            checkGemm(b, { m, n, k, ta, tb, accumulate: true, pad: 5 }, seed++);
            checkGemm(b, { m, n, k, ta, tb, accumulate: false, pad: 3 }, seed++);
          }
        }
      });

      // wasm/gemm-thin.ts: rows times B (B rows contiguous), dot products (B columns contiguous,
      // A rows packed when strided), N < 4 (A rows contiguous, B columns packed when strided) or
      // the blocked GEMM (A columns contiguous); K and N tails of 1-3 and 1-15, K under 4.
      it('thin products (M or N under 4): every layout, K and N tails, accumulation', () => {
        let seed = 500;
        const shapes = [[1, 120, 400], [1, 37, 3], [2, 21, 40], [3, 5, 9], [1, 1, 1], [3, 16, 5], [3, 19, 4], [70, 2, 33], [9, 1, 6], [33, 3, 2], [129, 3, 257]] as const;
        for (const [m, n, k] of shapes) {
          for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
            for (const accumulate of [false, true]) checkGemm(b, { m, n, k, ta, tb, accumulate, pad: 3 }, seed++);
          }
        }
      });

      it('K = 0 gives zeros, or leaves C when accumulating', () => {
        checkGemm(b, { m: 5, n: 9, k: 0, ta: false, tb: false, accumulate: false, pad: 2 }, 7);
        checkGemm(b, { m: 5, n: 9, k: 0, ta: false, tb: false, accumulate: true, pad: 2 }, 8);
      });
    });
  }

  it('keeps working when the heap grows between calls (views re-made, wasm sees the new pages)', () => {
    for (const shared of [true, false]) {
      const b = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared, initialPages: 1 });
      const a = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
      const c = tensor(b, [3, 2], [7, 8, 9, 10, 11, 12]);
      const mm = (x = a, y = c) => run(b, 'matmul', { a: x, b: y }, { transposeA: false, transposeB: false }).values;
      expect(mm()).toEqual([58, 64, 139, 154]);
      const before = b.heap.stats().reservedBytes;
      const big = b.alloc('float32', 4_000_000); // 16 MB: grows the memory
      expect(b.heap.stats().reservedBytes).toBeGreaterThan(before);
      // Old tensors below the growth, new ones above the big block.
      expect(mm()).toEqual([58, 64, 139, 154]);
      const a2 = tensor(b, [2, 3], [1, 0, -1, 2, 0, 1]);
      expect(mm(a2)).toEqual([-4, -4, 25, 28]);
      const rand = lcg(5);
      const n = 70, xs = Array.from({ length: n * n }, rand);
      const x = tensor(b, [n, n], xs);
      const got = run(b, 'matmul', { a: x, b: x }, { transposeA: false, transposeB: true }).values;
      const f = Float32Array.from(xs);
      for (let i = 0; i < n; i += 13) for (let j = 0; j < n; j += 11) {
        let s = 0;
        for (let p = 0; p < n; p++) s += f[i * n + p]! * f[j * n + p]!;
        expect(Math.abs(got[i * n + j]! - s)).toBeLessThan(1e-4);
      }
      b.dispose(big);
    }
  });

  it('keeps float64 products on the TypeScript GEMM', () => {
    const b = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0 });
    const calls = spy.mock.calls.length;
    const got = run(b, 'matmul', { a: tensor(b, [2, 2], [1, 2, 3, 4], 'float64'), b: tensor(b, [2, 2], [5, 6, 7, 8], 'float64') }, { transposeA: false, transposeB: false });
    expect(got.values).toEqual([19, 22, 43, 50]);
    expect(spy.mock.calls.length).toBe(calls);
  });

  it('sends conv2d and both its backprops through the SIMD GEMM', () => {
    const b = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0 });
    const rand = lcg(9);
    const x = tensor(b, [2, 3, 6, 6], Array.from({ length: 216 }, rand));
    const w = tensor(b, [4, 3, 3, 3], Array.from({ length: 108 }, rand));
    const attrs: Conv2dAttrs = { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 };
    // Batches of more than one image run whole in WebAssembly (wasm convForward…), and the
    // forward pass packs from the image (wasm/conv-image.ts); with imageThreads and direct off they
    // go through this GEMM, one call per kernel for both images (one chunk).
    Object.assign(convChunk, { imageThreads: false, filterBytes: CONV_CHUNK_BYTES, direct: false });
    try {
      const calls = spy.mock.calls.length;
      const y = b.run('conv2d', { x, w }, attrs);
      b.run('conv2dBackpropInput', { dy: y, w }, { ...attrs, inputShape: [2, 3, 6, 6] });
      b.run('conv2dBackpropFilter', { x, dy: y }, { ...attrs, filterShape: [4, 3, 3, 3] });
      expect(spy.mock.calls.length - calls).toBe(3);
    } finally {
      Object.assign(convChunk, { imageThreads: true, filterBytes: CONV_FILTER_CHUNK_BYTES, direct: true });
    }
  });
});

describe.skipIf(!simdSupported())('WebAssembly SIMD conv helpers and max-pool', () => {
  const simd = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0 }), scalar = new CpuBackend({ kernels: 'scalar' });
  const both = <K extends 'conv2d' | 'conv2dBackpropInput' | 'maxPool2d'>(kernel: K, shapes: Record<string, number[]>, attrs: KernelAttrs<K>, seed: number) => {
    const rand = lcg(seed);
    const values = Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, rand)]));
    const on = (b: CpuBackend) => {
      const inputs = Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, tensor(b, shape, values[k]!)]));
      return run(b, kernel, inputs as unknown as KernelInputs<K>, attrs).values;
    };
    return [on(simd), on(scalar)] as const;
  };

  it('max-pool 2×2 stride 2 equals the TypeScript kernel (odd sizes, NaN, ±Inf)', () => {
    for (const [h, w] of [[2, 2], [5, 7], [8, 16], [9, 19], [28, 28], [3, 33]] as const) {
      const [got, want] = both('maxPool2d', { x: [2, 3, h, w] }, { kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0], dilation: [1, 1] }, h * w);
      expect(got).toEqual(want);
    }
    const x = [1, NaN, 3, 4, 5, 6, 7, 8, -Infinity, -Infinity, 2, Infinity, -Infinity, -Infinity, 0, 1];
    const out = (b: CpuBackend) => run(b, 'maxPool2d', { x: tensor(b, [1, 1, 2, 8], x) }, { kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0], dilation: [1, 1] }).values;
    expect(out(simd)).toEqual(out(scalar));
    expect(out(simd)).toEqual([NaN, Infinity, 6, 8]);
  });

  it('im2col and col2im equal the TypeScript ones (strides, pads, dilation)', () => {
    const cases: [number[], number[], Conv2dAttrs][] = [
      [[2, 3, 9, 11], [4, 3, 3, 3], { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 }],
      [[1, 4, 10, 7], [6, 2, 3, 2], { stride: [2, 3], pads: [2, 0, 1, 3], dilation: [1, 2], groups: 2 }],
      [[1, 1, 28, 28], [6, 1, 5, 5], { stride: [1, 1], pads: [2, 2, 2, 2], dilation: [1, 1], groups: 1 }],
      [[1, 2, 4, 4], [3, 2, 3, 3], { stride: [1, 1], pads: [5, 5, 5, 5], dilation: [1, 1], groups: 1 }],
    ];
    for (const [i, [xs, ws, attrs]] of cases.entries()) {
      const [y, yRef] = both('conv2d', { x: xs, w: ws }, attrs, 40 + i);
      expectClose(y, yRef, 1e-5);
      const [n, , h, wd] = xs as [number, number, number, number];
      const [o, , kh, kw] = ws as [number, number, number, number];
      const oh = Math.floor((h + attrs.pads[0] + attrs.pads[2] - attrs.dilation[0] * (kh - 1) - 1) / attrs.stride[0]) + 1;
      const ow = Math.floor((wd + attrs.pads[1] + attrs.pads[3] - attrs.dilation[1] * (kw - 1) - 1) / attrs.stride[1]) + 1;
      const [dx, dxRef] = both('conv2dBackpropInput', { dy: [n, o, oh, ow], w: ws }, { ...attrs, inputShape: xs }, 50 + i);
      expectClose(dx, dxRef, 1e-5);
    }
  });
});

/**
 * The elementwise, reduction and pooling kernels in WebAssembly against the TypeScript ones: the
 * same inputs through a 'simd' and a 'scalar' backend, compared exactly (Object.is: NaN matches
 * NaN, −0 must stay −0) except sums, which add in another order. Values mix NaN, ±Inf, ±0, ties
 * and halves; sizes are odd around the 4/8/16-element vector steps.
 */
describe.skipIf(!simdSupported())('WebAssembly SIMD elementwise, reduce and pooling kernels', () => {
  const simd = new CpuBackend({ kernels: 'simd' }), scalar = new CpuBackend({ kernels: 'scalar' });
  const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 3e38, -3e38, 1e-40];
  /** n values: random in (−4, 4), with a special value in roughly every fifth place. */
  function mixed(n: number, seed: number): number[] {
    const rand = lcg(seed);
    return Array.from({ length: n }, () => {
      const r = rand();
      return r > 0.6 ? SPECIAL[Math.floor((r - 0.6) * 2.5 * SPECIAL.length)]! : Math.fround(4 * rand());
    });
  }
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  /** The kernel on both backends, inputs given as (shape, values, dtype); returns [simd, scalar] values. */
  function both<K extends KernelName>(kernel: K, inputs: Record<string, [number[], number[], DType?]>, attrs: KernelAttrs<K>, alias?: [string, string]) {
    const on = (b: CpuBackend) => {
      const ts: Record<string, TensorInfo> = {};
      for (const [k, [shape, vals, dtype]] of Object.entries(inputs)) ts[k] = tensor(b, shape, vals, dtype ?? 'float32');
      if (alias) ts[alias[1]] = ts[alias[0]]!;
      return run(b, kernel, ts as unknown as KernelInputs<K>, attrs);
    };
    return [on(simd), on(scalar)] as const;
  }
  const spies = {
    binary: vi.spyOn(SimdKernels.prototype, 'binary'),
    compare: vi.spyOn(SimdKernels.prototype, 'compare'),
    where: vi.spyOn(SimdKernels.prototype, 'where'),
    unary: vi.spyOn(SimdKernels.prototype, 'unary'),
    sumRun: vi.spyOn(SimdKernels.prototype, 'sumRun'),
    sumRows: vi.spyOn(SimdKernels.prototype, 'sumRows'),
    pool2x2: vi.spyOn(SimdKernels.prototype, 'maxPool2x2Backward'),
    windows: vi.spyOn(SimdKernels.prototype, 'maxPoolWindows'),
  };
  afterAll(() => Object.values(spies).forEach((s) => s.mockRestore()));
  const calls = (k: keyof typeof spies) => spies[k].mock.calls.length;

  // [a shape, b shape, whether WebAssembly covers it (≤ 3 collapsed dims, inner strides 0 or 1)]
  const BROADCASTS: [number[], number[], boolean][] = [
    ...[1, 3, 4, 7, 8, 15, 16, 17, 33, 257].map((n): [number[], number[], boolean] => [[n], [n], true]),
    [[5, 7], [], true], [[], [3, 9], true], [[1], [2, 17], true], [[19], [1], true],
    [[3, 6, 5, 5], [6, 1, 1], true], [[2, 5, 7, 3], [1, 5, 1, 1], true], // conv bias: rows with a splat
    [[9, 19], [19], true], [[5, 10], [1, 10], true], [[17], [4, 17], true], // linear bias: rows broadcast
    [[7, 1], [1, 9], true], [[6, 1], [6, 13], true], [[3, 1, 5], [3, 4, 1], true],
    [[2, 3, 4, 5], [2, 1, 4, 1], false], [[4, 1, 3, 1, 5], [1, 2, 1, 6, 1], false], [[6, 2], [6, 1], true],
    [[0, 3], [3], true], [[2, 0], [1], true],
  ];

  it('binary add/sub/mul/div/maximum/minimum equal the TypeScript kernel (same shape, scalars, bias broadcasts)', () => {
    let seed = 1;
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
      for (const [as, bs, covered] of BROADCASTS) {
        const before = calls('binary');
        const [got, want] = both('binary', { a: [as, mixed(size(as), seed++)], b: [bs, mixed(size(bs), seed++)] }, { op });
        expect(got.shape, `${op} ${as} ${bs}`).toEqual(want.shape);
        expect(got.values, `${op} [${as}] [${bs}]`).toEqual(want.values);
        const n = size(got.shape);
        expect(calls('binary') - before, `${op} [${as}] [${bs}]`).toBe(covered && n > 0 ? 1 : 0);
      }
    }
    // Ops WebAssembly leaves to TypeScript, and other dtypes.
    const before = calls('binary');
    for (const op of ['pow', 'mod', 'floorDiv', 'atan2'] as const) {
      const [got, want] = both('binary', { a: [[9], mixed(9, seed++)], b: [[9], mixed(9, seed++)] }, { op });
      expect(got.values).toEqual(want.values);
    }
    const [g64, w64] = both('binary', { a: [[9], mixed(9, 3), 'float64'], b: [[9], mixed(9, 4), 'float64'] }, { op: 'add' });
    expect(g64.values).toEqual(w64.values);
    expect(calls('binary')).toBe(before);
  });

  it('binary ops on one tensor as both operands (x + x, x · x)', () => {
    for (const op of ['add', 'mul', 'maximum'] as const) {
      const [got, want] = both('binary', { a: [[4, 9], mixed(36, 21)] }, { op }, ['a', 'b']);
      expect(got.values).toEqual(want.values);
    }
  });

  it('compare ops equal the TypeScript kernel, NaN included, as 0/1 bools', () => {
    let seed = 300;
    for (const op of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const) {
      for (const [as, bs, covered] of BROADCASTS) {
        const before = calls('compare');
        // Few distinct values, so that equal pairs occur.
        const pick = (n: number) => mixed(n, seed++).map((v) => (Number.isFinite(v) && Math.abs(v) > 1e-30 ? Math.round(v) : v));
        const [got, want] = both('compare', { a: [as, pick(size(as))], b: [bs, pick(size(bs))] }, { op });
        expect(got.dtype).toBe('bool');
        expect(got.values, `${op} [${as}] [${bs}]`).toEqual(want.values);
        expect(calls('compare') - before).toBe(covered && size(got.shape) > 0 ? 1 : 0);
      }
    }
    const [g, w] = both('compare', { a: [[5], [1, 2, 3, 4, 5], 'int32'], b: [[], [3], 'int32'] }, { op: 'greater' });
    expect(g.values).toEqual(w.values);
  });

  it('where equals the TypeScript kernel: ReLU-backward shapes, scalar and broadcast operands, NaN and −0 kept', () => {
    const bools = (n: number, seed: number) => mixed(n, seed).map((v) => (v > 0 ? 1 : 0));
    const cases: [number[], number[], number[], boolean][] = [
      ...[1, 5, 15, 16, 17, 31, 33, 100].map((n): [number[], number[], number[], boolean] => [[n], [n], [], true]),
      [[2, 6, 9, 9], [2, 6, 9, 9], [], true], // relu backward: where(y > 0, dy, 0)
      [[7, 13], [], [7, 13], true], // where(c, 0, dy)
      [[7, 13], [7, 13], [7, 13], true], [[], [5, 21], [5, 21], true], [[1], [], [], true],
      [[5, 1], [5, 18], [18], true], [[3, 1, 4], [1, 5, 4], [3, 5, 1], true],
      [[2, 3, 4, 5], [2, 1, 4, 1], [5], false], [[0, 4], [4], [], true],
    ];
    let seed = 500;
    for (const [cs, as, bs, covered] of cases) {
      const before = calls('where');
      const [got, want] = both('where', { condition: [cs, bools(size(cs), seed++), 'bool'], a: [as, mixed(size(as), seed++)], b: [bs, mixed(size(bs), seed++)] }, {});
      expect(got.shape).toEqual(want.shape);
      expect(got.values, `[${cs}] [${as}] [${bs}]`).toEqual(want.values);
      expect(calls('where') - before).toBe(covered && size(got.shape) > 0 ? 1 : 0);
    }
    const [g, w] = both('where', { condition: [[3], [1, 0, 1], 'bool'], a: [[3], [1, 2, 3], 'int32'], b: [[], [0], 'int32'] }, {});
    expect(g.values).toEqual(w.values);
  });

  it('unary relu/neg/abs/sqrt/square/reciprocal/floor/ceil/trunc/round equal the TypeScript kernel', () => {
    const ops = ['relu', 'neg', 'abs', 'sqrt', 'square', 'reciprocal', 'floor', 'ceil', 'trunc', 'round'] as const;
    let seed = 700;
    for (const op of ops) {
      for (const n of [1, 3, 4, 7, 8, 9, 33, 1000]) {
        const before = calls('unary');
        const values = mixed(n, seed++).map((v, i) => (i % 3 === 0 && Number.isFinite(v) ? v + 0.5 * Math.sign(v) : v));
        const [got, want] = both('unary', { x: [[n], values] }, { op });
        expect(got.values, `${op} ${n}`).toEqual(want.values);
        expect(calls('unary') - before).toBe(1);
      }
    }
    // Every half in [−6, 6]: ties round to even, −0.5 to −0.
    const halves = Array.from({ length: 25 }, (_, i) => i / 2 - 6);
    const [g, w] = both('unary', { x: [[25], halves] }, { op: 'round' });
    expect(g.values).toEqual(w.values);
    // Ops left to TypeScript.
    const before = calls('unary');
    for (const op of ['exp', 'tanh', 'leakyRelu', 'clamp'] as const) {
      const [got, want] = both('unary', { x: [[9], mixed(9, seed++)] }, { op, alpha: 0.1, beta: 1 });
      expect(got.values).toEqual(want.values);
    }
    expect(calls('unary')).toBe(before);
  });

  it('float32 sum and mean match the TypeScript float64 folds (runs, rows, all axes, bias-gradient shapes)', () => {
    const cases: [number[], number[]][] = [
      [[3, 6, 11, 13], [0, 2, 3]], [[64, 6, 28, 28], [0, 2, 3]], [[64, 120], [0]], [[64, 10], [1]], [[33, 7], [0]],
      [[5, 9, 3], [1]], [[1001], [0]], [[7, 9, 5], [0, 1, 2]], [[4, 3, 5], [0, 2]], [[9], []], [[0, 4], [0]], [[4, 0], [1]],
    ];
    let seed = 900;
    for (const [shape, axes] of cases) {
      for (const op of ['sum', 'mean'] as const) {
        const rand = lcg(seed++);
        const values = Array.from({ length: size(shape) }, () => Math.fround(rand() * 10));
        const [got, want] = both('reduce', { x: [shape, values] }, { op, axes });
        expect(got.shape).toEqual(want.shape);
        expectClose(got.values, want.values, 1e-6);
      }
    }
    expect(calls('sumRun')).toBeGreaterThan(0);
    expect(calls('sumRows')).toBeGreaterThan(0);
    // float64 accumulators: no float32 overflow in between; NaN and ±Inf as in TypeScript.
    for (const vals of [[3e38, 3e38, -3e38, -3e38, 1, 2, 3, 4, 5], [1, NaN, 2, 3, 4, 5, 6, 7, 8], [Infinity, 1, 2, 3, 4, 5, 6, 7, -Infinity], [Infinity, 1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
      for (const [shape, axes] of [[[9], [0]], [[9, 1], [0]]] as const) {
        const [got, want] = both('reduce', { x: [[...shape], vals.slice(0, 9)] }, { op: 'sum', axes: [...axes] });
        expect(got.values).toEqual(want.values);
      }
    }
  });

  /** Pool inputs with many ties (values from a small set), NaN, ±Inf and −0. */
  const poolValues = (n: number, seed: number) => mixed(n, seed).map((v) => (Number.isFinite(v) && v !== 0 ? Math.round(v * 2) / 2 : v));
  const pool = (kernel: number[], stride: number[], pads: number[], dilation: number[]): Pool2dAttrs =>
    ({ kernel: kernel as [number, number], stride: stride as [number, number], pads: pads as [number, number, number, number], dilation: dilation as [number, number] });
  const poolOut = (x: number[], a: Pool2dAttrs) => {
    const [n, c, h, w] = x as [number, number, number, number];
    const o = (size: number, k: number, s: number, p0: number, p1: number, d: number) => Math.floor((size + p0 + p1 - d * (k - 1) - 1) / s) + 1;
    return [n, c, o(h, a.kernel[0], a.stride[0], a.pads[0], a.pads[2], a.dilation[0]), o(w, a.kernel[1], a.stride[1], a.pads[1], a.pads[3], a.dilation[1])];
  };

  it('max-pool 2×2 stride-2 backward routes dy to the first maximum (ties, NaN, −Inf, −0 dy) as TypeScript', () => {
    const attrs = pool([2, 2], [2, 2], [0, 0, 0, 0], [1, 1]);
    let seed = 1100;
    for (const [h, w] of [[2, 2], [5, 7], [8, 16], [9, 19], [28, 28], [3, 33], [2, 9], [3, 2]] as const) {
      const xs = [2, 3, h, w], dys = poolOut(xs, attrs);
      const before = calls('pool2x2');
      const dyv = mixed(size(dys), seed++);
      const [got, want] = both('maxPool2dBackward', { dy: [dys, dyv], x: [xs, poolValues(size(xs), seed++)] }, attrs);
      expect(got.values, `${h}×${w}`).toEqual(want.values);
      expect(calls('pool2x2') - before).toBe(1);
    }
    // One window per pattern: NaN first/late, ties, all −Inf; dy −0 lands as +0 (0 + −0).
    const x = [1, NaN, 5, 5, 2, 2, -Infinity, -Infinity, 3, NaN, 7, 7, 2, 2, -Infinity, -Infinity];
    const dy = [10, 20, 30, -0];
    const [got, want] = both('maxPool2dBackward', { dy: [[1, 1, 1, 4], dy], x: [[1, 1, 2, 8], x] }, attrs);
    expect(got.values).toEqual(want.values);
    expect(got.values).toEqual([0, 10, 0, 0, 30, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0]);
  });

  it('max-pool forward and backward of other windows (stride, padding, dilation, overlap, ceil-mode edges) as TypeScript', () => {
    const cases: [number[], Pool2dAttrs][] = [
      [[2, 3, 9, 11], pool([3, 3], [2, 2], [1, 1, 1, 1], [1, 1])],
      [[1, 2, 10, 7], pool([3, 2], [1, 2], [0, 1, 2, 0], [2, 1])],
      [[2, 2, 7, 7], pool([2, 2], [2, 2], [0, 0, 1, 1], [1, 1])], // a 2×2 window past the edge
      [[1, 3, 6, 6], pool([2, 2], [2, 2], [1, 1, 1, 1], [1, 1])],
      [[1, 1, 5, 5], pool([3, 3], [1, 1], [2, 2, 2, 2], [2, 2])], // corner windows mostly padding
      [[2, 4, 12, 12], pool([3, 3], [3, 3], [0, 0, 0, 0], [1, 1])],
    ];
    let seed = 1200;
    for (const [xs, attrs] of cases) {
      const dys = poolOut(xs, attrs);
      const xv = poolValues(size(xs), seed++);
      const before = calls('windows');
      const [y, yRef] = both('maxPool2d', { x: [xs, xv] }, attrs);
      expect(y.values, JSON.stringify(attrs)).toEqual(yRef.values);
      const [dx, dxRef] = both('maxPool2dBackward', { dy: [dys, mixed(size(dys), seed++)], x: [xs, xv] }, attrs);
      expect(dx.values, JSON.stringify(attrs)).toEqual(dxRef.values);
      expect(calls('windows') - before).toBe(2);
    }
  });

  it('falls back to TypeScript for views from before a heap growth', () => {
    const b = new CpuBackend({ kernels: 'simd', initialPages: 1 });
    const x = new Float32Array(b.heap.buffer, b.heap.alloc(64), 16);
    b.alloc('float32', 4_000_000); // grows the memory: x is on the old buffer
    expect(b.simdOn(x)).toBeUndefined();
    expect(b.simdOn(new Float32Array(b.heap.buffer, 0, 4))).toBeDefined();
    expect(new CpuBackend({ kernels: 'scalar' }).simdOn()).toBeUndefined();
  });
});

describe('kernel variants', () => {
  it("'scalar' keeps to the TypeScript kernels; the default is 'simd' where available", () => {
    expect(new CpuBackend({ kernels: 'scalar' }).kernelVariant).toBe('scalar');
    expect(new CpuBackend().kernelVariant).toBe(simdSupported() ? 'simd' : 'scalar');
  });
});

describe('committed WebAssembly binaries', () => {
  it('are what scripts/build-wasm.mjs builds from wasm/ (byte for byte)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pistil-wasm-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
      for (const file of ['kernels.wasm', 'kernels-shared.wasm']) {
        expect(readFileSync(join(out, file)).equals(readFileSync(join(root, 'wasm', 'build', file))), file).toBe(true);
      }
      expect(readFileSync(join(out, 'binaries.ts'), 'utf8')).toBe(readFileSync(join(root, 'src', 'wasm', 'binaries.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend, Heap, type CpuBackendOptions } from '../src/index.js';
import { createWorkerPool, splitRange } from '../src/threads/index.js';
import { SimdKernels, simdSupported } from '../src/wasm/simd.js';
import { transpileSrc, type TranspiledSrc } from './transpiled.js';

let src: TranspiledSrc;
const backends: CpuBackend[] = [];

beforeAll(() => {
  src = transpileSrc();
}, 60_000);
afterAll(() => {
  backends.forEach((b) => b.destroy());
  src.remove();
});

function backend(options: CpuBackendOptions): CpuBackend {
  const b = new CpuBackend({ workerUrl: src.workerUrl, ...options });
  backends.push(b);
  return b;
}

/** Deterministic values in [-1, 1) with full float32 mantissas, so that sum order shows in the bits. */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface Case {
  m: number;
  n: number;
  k: number;
  /** A stored k×m (transposed), B stored n×k. */
  ta?: boolean;
  tb?: boolean;
  accumulate?: boolean;
}

/** C = op(A)·op(B) (+ C) through `backend.gemm` on heap blocks; C has row stride n + 3 (3 untouched padding columns). */
function gemmOn(b: CpuBackend, { m, n, k, ta = false, tb = false, accumulate = false }: Case, seed = 1): Float32Array {
  const crs = n + 3;
  const [as, bs, cs] = [b.scratch('float32', m * k), b.scratch('float32', k * n), b.scratch('float32', m * crs)];
  try {
    const heap = new Float32Array(b.heap.buffer);
    heap.set(values(m * k, seed), as.ptr / 4);
    heap.set(values(k * n, seed + 1), bs.ptr / 4);
    heap.set(values(m * crs, seed + 2), cs.ptr / 4);
    b.gemm(
      m, n, k,
      { data: heap, offset: as.ptr / 4, rowStride: ta ? 1 : k, colStride: ta ? m : 1 },
      { data: heap, offset: bs.ptr / 4, rowStride: tb ? 1 : n, colStride: tb ? k : 1 },
      heap, cs.ptr / 4, crs, accumulate,
    );
    return heap.slice(cs.ptr / 4, cs.ptr / 4 + m * crs);
  } finally {
    as.free();
    bs.free();
    cs.free();
  }
}

/** float64 reference of gemmOn's result. */
function reference({ m, n, k, ta = false, tb = false, accumulate = false }: Case, seed = 1): Float64Array {
  const crs = n + 3;
  const [a, bv, c0] = [values(m * k, seed), values(k * n, seed + 1), values(m * crs, seed + 2)];
  const c = Float64Array.from(c0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[i * crs + j]! : 0;
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p]! * bv[tb ? j * k + p : p * n + j]!;
      c[i * crs + j] = s;
    }
  }
  return c;
}

/** Index of the first element whose bits differ, or -1. */
function firstDifference(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return 0;
  const [bx, by] = [new Uint32Array(x.buffer, x.byteOffset, x.length), new Uint32Array(y.buffer, y.byteOffset, y.length)];
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return i;
  return -1;
}

const rowsSplit = ({ m, n }: Case) => Math.ceil(m / 4) >= Math.ceil(n / 8);

const CASES: Case[] = [
  // Split by rows (at least as many 4-row panels as 8-column ones).
  { m: 64, n: 64, k: 64 },
  { m: 130, n: 9, k: 70 },
  { m: 257, n: 33, k: 513 }, // MC edge, three K blocks
  { m: 9, n: 8, k: 5 },
  { m: 37, n: 35, k: 300, ta: true },
  { m: 101, n: 67, k: 31, tb: true, accumulate: true },
  { m: 67, n: 101, k: 257, ta: true, tb: true, accumulate: true },
  // Split by columns: short and wide, as the im2col GEMMs of convolutions.
  { m: 6, n: 784, k: 25 },
  { m: 16, n: 100, k: 150, accumulate: true },
  { m: 5, n: 2061, k: 19 }, // past one 1024-column block; a 1-row M edge
  { m: 13, n: 17, k: 300, tb: true },
  { m: 64, n: 1030, k: 288, ta: true, accumulate: true },
  { m: 6, n: 19, k: 7, ta: true, tb: true }, // a 2-row M edge
];

describe.skipIf(!simdSupported() || typeof SharedArrayBuffer === 'undefined')('threaded SIMD GEMM', () => {
  let threaded: CpuBackend;
  let single: CpuBackend;

  beforeAll(async () => {
    threaded = backend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 0 });
    single = backend({ threads: 1, simdGemmMinWork: 0 });
    await threaded.ready;
    await single.ready;
  }, 60_000);

  it('runs on 2 threads once ready; 1 thread has no pool', () => {
    expect(threaded.kernelVariant).toBe('simd');
    expect(threaded.threads).toBe(2);
    expect(single.threads).toBe(1);
    expect(single.threadStats()).toBeUndefined();
  });

  for (const c of CASES) {
    const label = `${c.m}×${c.k}·${c.k}×${c.n}${c.ta ? ' Aᵀ' : ''}${c.tb ? ' Bᵀ' : ''}${c.accumulate ? ' +C' : ''} (${rowsSplit(c) ? 'rows' : 'columns'})`;
    it(`matches the single-thread SIMD GEMM bit for bit: ${label}`, () => {
      const before = threaded.threadStats()!;
      const got = gemmOn(threaded, c);
      const after = threaded.threadStats()!;
      const want = gemmOn(single, c);
      expect(firstDifference(got, want)).toBe(-1);
      // The split that was meant happened, and a worker did its share.
      const split = rowsSplit(c) ? 'rowSplits' : 'columnSplits';
      const panels = rowsSplit(c) ? Math.ceil(c.m / 4) : Math.ceil(c.n / 8);
      expect(after[split] - before[split]).toBe(panels > 1 ? 1 : 0);
      expect(after.workerChunks - before.workerChunks).toBe(panels > 1 ? 1 : 0);
      // And it is the product (float32 sums against float64).
      const ref = reference(c);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!));
      expect(worst).toBeLessThan(1e-4 * (c.k + 1));
    });
  }

  it('runs thin products (M or N under 4) whole on the calling thread, with the single-thread bits', () => {
    const thin: Case[] = [{ m: 1, n: 300, k: 500, tb: true }, { m: 3, n: 2061, k: 19 }, { m: 70, n: 2, k: 33 }, { m: 1, n: 19, k: 7, ta: true, tb: true }];
    for (const c of thin) {
      const before = threaded.threadStats()!;
      const got = gemmOn(threaded, c);
      const after = threaded.threadStats()!;
      expect(firstDifference(got, gemmOn(single, c))).toBe(-1);
      expect(after.rowSplits + after.columnSplits).toBe(before.rowSplits + before.columnSplits);
      expect(after.workerChunks).toBe(before.workerChunks);
    }
  });

  it('leaves the padding columns of C alone', () => {
    const c: Case = { m: 40, n: 50, k: 20 };
    const got = gemmOn(threaded, c);
    const initial = values(c.m * (c.n + 3), 3);
    for (let i = 0; i < c.m; i++) for (let j = c.n; j < c.n + 3; j++) expect(got[i * (c.n + 3) + j]).toBe(initial[i * (c.n + 3) + j]);
  });

  it('really runs on the worker: a large product splits into one chunk per thread', () => {
    const before = threaded.threadStats()!;
    gemmOn(threaded, { m: 256, n: 256, k: 256 });
    const after = threaded.threadStats()!;
    expect(after.parallelRuns - before.parallelRuns).toBe(1);
    expect(after.localChunks - before.localChunks).toBe(1);
    expect(after.workerChunks - before.workerChunks).toBe(1);
  });

  it('matmul and conv2d kernels give the same bits on 2 threads and on 1', () => {
    const run = (b: CpuBackend) => {
      const put = (shape: number[], seed: number) => {
        const info = b.output(shape, 'float32');
        b.write(info.dataId, values(shape.reduce((x, y) => x * y, 1), seed));
        return info;
      };
      const x = put([2, 8, 20, 20], 11);
      const w = put([24, 8, 3, 3], 12);
      const y = b.run('conv2d', { x, w }, { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 });
      const a = put([3, 70, 90], 13);
      const bm = put([3, 90, 50], 14);
      const z = b.run('matmul', { a, b: bm }, { transposeA: false, transposeB: false });
      return [b.readSync(y.dataId) as Float32Array, b.readSync(z.dataId) as Float32Array];
    };
    const before = threaded.threadStats()!;
    const [y2, z2] = run(threaded);
    const after = threaded.threadStats()!;
    const [y1, z1] = run(single);
    expect(firstDifference(y2!, y1!)).toBe(-1);
    expect(firstDifference(z2!, z1!)).toBe(-1);
    expect(after.workerChunks).toBeGreaterThan(before.workerChunks);
  });

  it('keeps products under parallelGemmMinWork on the calling thread', async () => {
    const b = backend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 100 * 100 * 100 });
    await b.ready;
    gemmOn(b, { m: 99, n: 100, k: 100 });
    expect(b.threadStats()).toMatchObject({ rowSplits: 0, columnSplits: 0, workerChunks: 0 });
    gemmOn(b, { m: 100, n: 100, k: 100 });
    expect(b.threadStats()).toMatchObject({ rowSplits: 1, workerChunks: 1 });
  });

  it('runs single-threaded before ready, and after destroy', async () => {
    const b = backend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 0 });
    expect(b.threads).toBe(1);
    const c: Case = { m: 64, n: 64, k: 64, accumulate: true };
    const want = gemmOn(single, c);
    expect(firstDifference(gemmOn(b, c), want)).toBe(-1);
    expect(b.threadStats()!.workerChunks).toBe(0);
    await b.ready;
    expect(b.threads).toBe(2);
    b.destroy();
    expect(b.threads).toBe(1);
    expect(firstDifference(gemmOn(b, c), want)).toBe(-1);
  });

  it('has no pool without SIMD kernels or a shared heap', async () => {
    for (const options of [{ kernels: 'scalar' }, { shared: false }] as const) {
      const b = backend({ threads: 2, ...options });
      await b.ready;
      expect(b.threads).toBe(1);
      expect(b.threadStats()).toBeUndefined();
    }
  });

  it('the pool on the kernel module: sgemm chunks with spinMs 0 (workers sleep between tasks) and counts', async () => {
    const heap = new Heap();
    const simd = SimdKernels.create(heap)!;
    expect(() => createWorkerPool({ memory: heap.memory, wasmModule: simd.module, instance: simd.instance, spinMs: -1 })).toThrow(RangeError);
    const pool = createWorkerPool({ memory: heap.memory, wasmModule: simd.module, instance: simd.instance, threads: 2, spinMs: 0, workerUrl: src.workerUrl });
    try {
      await pool.ready;
      const [m, n, k] = [50, 40, 30];
      const [a, b, c, c1, ws] = [heap.alloc(m * k * 4), heap.alloc(k * n * 4), heap.alloc(m * n * 4), heap.alloc(m * n * 4), heap.alloc(simd.workspaceBytes)];
      new Float32Array(heap.buffer, a, m * k).set(values(m * k, 5));
      new Float32Array(heap.buffer, b, k * n).set(values(k * n, 6));
      simd.sgemm(m, n, k, a, k, 1, b, n, 1, c1, n, false);
      for (let round = 0; round < 3; round++) {
        new Float32Array(heap.buffer, c, m * n).fill(Number.NaN);
        pool.run('sgemm', splitRange(m, 2, 4).map(([r0, r1], i) => [r1 - r0, n, k, a + 4 * r0 * k, k, 1, b, n, 1, c + 4 * r0 * n, n, 0, i === 0 ? simd.workspace : ws]));
        expect(firstDifference(new Float32Array(heap.buffer, c, m * n), new Float32Array(heap.buffer, c1, m * n))).toBe(-1);
      }
      expect(pool.stats()).toEqual({ runs: 3, parallelRuns: 3, localChunks: 3, workerChunks: 3 });
    } finally {
      pool.destroy();
    }
  });

  it('rejects a bad thread count', () => {
    expect(() => new CpuBackend({ threads: 0 })).toThrow(RangeError);
    expect(() => new CpuBackend({ threads: 1.5 })).toThrow(RangeError);
  });

  it('rejects ready when the workers cannot start, and still computes', async () => {
    const b = backend({ threads: 2, simdGemmMinWork: 0, parallelGemmMinWork: 0, workerUrl: new URL('missing.js', src.workerUrl) });
    await expect(b.ready).rejects.toThrow(/workers failed to start/);
    expect(b.threads).toBe(1);
    const c: Case = { m: 30, n: 40, k: 50 };
    expect(firstDifference(gemmOn(b, c), gemmOn(single, c))).toBe(-1);
  });

  it('from a built layout: PISTIL_THREADS sets the default, and the process exits without destroy', () => {
    const script = join(src.dir, 'exit.mjs');
    writeFileSync(
      script,
      `import { createCpuBackend } from './index.js';
       const b = createCpuBackend({ simdGemmMinWork: 0, parallelGemmMinWork: 0 });
       await b.ready;
       const x = b.output([64, 64], 'float32');
       b.write(x.dataId, new Float32Array(64 * 64).fill(1));
       const y = b.run('matmul', { a: x, b: x }, { transposeA: false, transposeB: false });
       const s = b.threadStats();
       console.log(JSON.stringify({ threads: b.threads, workerChunks: s?.workerChunks ?? 0, y: b.readSync(y.dataId)[0] }));
       // no destroy: the unref'd workers must not keep the process alive`,
    );
    const run = (threads: string) => spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PISTIL_THREADS: threads } });
    for (const [env, threads] of [['2', 2], ['1', 1]] as const) {
      const child = run(env);
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual({ threads, workerChunks: threads - 1, y: 64 });
    }
    const bad = run('zero');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/PISTIL_THREADS=zero is not a thread count/);
  });
});

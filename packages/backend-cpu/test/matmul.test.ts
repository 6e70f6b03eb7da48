import { ShapeError } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { expectClose, run, tensor } from './helpers.js';

const b = new CpuBackend();

function randomValues(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

/** Naive reference: a [M, K] (or [K, M]), b [K, N] (or [N, K]). */
function reference(a: number[], bv: number[], m: number, n: number, k: number, ta: boolean, tb: boolean): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? bv[j * k + p]! : bv[p * n + j]!);
      out[i * n + j] = s;
    }
  return out;
}

describe('matmul', () => {
  it('multiplies a small case by hand', () => {
    const a = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
    const c = tensor(b, [3, 2], [7, 8, 9, 10, 11, 12]);
    expect(run(b, 'matmul', { a, b: c }, { transposeA: false, transposeB: false })).toMatchObject({ shape: [2, 2], values: [58, 64, 139, 154] });
    expect(run(b, 'matmul', { a: c, b: a }, { transposeA: true, transposeB: true }).values).toEqual([58, 139, 64, 154]);
  });

  for (const [m, n, k] of [[1, 300, 70], [37, 1, 50], [67, 45, 300], [130, 1030, 9], [5, 9, 600]] as const) {
    for (const ta of [false, true]) for (const tb of [false, true]) {
      it(`matches the reference for ${m}×${k}·${k}×${n} (transposeA ${ta}, transposeB ${tb})`, () => {
        const av = randomValues(m * k, m + k), bv = randomValues(k * n, n * 7 + k);
        const a = tensor(b, ta ? [k, m] : [m, k], av, 'float64');
        const c = tensor(b, tb ? [n, k] : [k, n], bv, 'float64');
        const got = run(b, 'matmul', { a, b: c }, { transposeA: ta, transposeB: tb });
        expect(got.shape).toEqual([m, n]);
        expectClose(got.values, reference(av, bv, m, n, k, ta, tb), 1e-12);
      });
    }
  }

  it('broadcasts batch dims', () => {
    const av = randomValues(2 * 1 * 3 * 4, 1), bv = randomValues(3 * 4 * 5, 2);
    const got = run(b, 'matmul', { a: tensor(b, [2, 1, 3, 4], av, 'float64'), b: tensor(b, [3, 4, 5], bv, 'float64') }, { transposeA: false, transposeB: false });
    expect(got.shape).toEqual([2, 3, 3, 5]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const want = reference(av.slice(i * 12, i * 12 + 12), bv.slice(j * 20, j * 20 + 20), 3, 5, 4, false, false);
        expectClose(got.values.slice((i * 3 + j) * 15, (i * 3 + j + 1) * 15), want, 1e-12);
      }
  });

  // The TypeScript GEMM sums float32 products in float64 per K block (one rounding when K ≤ 256);
  // the SIMD one sums in float32, so its error grows with K like any float32 BLAS.
  for (const [kernels, tol] of [['scalar', 1e-6], ['simd', 1e-5]] as const) {
    it(`float32 results are close to the float64 product (${kernels} kernels)`, () => {
      const bk = new CpuBackend({ kernels });
      const av = randomValues(64 * 300, 3), bv = randomValues(300 * 40, 4);
      const got = run(bk, 'matmul', { a: tensor(bk, [64, 300], av), b: tensor(bk, [300, 40], bv) }, { transposeA: false, transposeB: false });
      const want = reference(Array.from(new Float32Array(av)), Array.from(new Float32Array(bv)), 64, 40, 300, false, false);
      expectClose(got.values, want, tol);
    });
  }

  it('handles K = 0 and empty batches, and rejects mismatched K', () => {
    expect(run(b, 'matmul', { a: tensor(b, [2, 0], []), b: tensor(b, [0, 3], []) }, { transposeA: false, transposeB: false }).values).toEqual([0, 0, 0, 0, 0, 0]);
    expect(run(b, 'matmul', { a: tensor(b, [0, 2, 2], []), b: tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]) }, { transposeA: false, transposeB: false }).shape).toEqual([0, 2, 3]);
    expect(() => b.run('matmul', { a: tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]), b: tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]) }, { transposeA: false, transposeB: false })).toThrow(ShapeError);
  });
});

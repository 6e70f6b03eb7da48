/** Cases for `matmul`: odd sizes, all transpose combos, batch broadcasting, empty dims. */
import type { DType } from '../../dtypes.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { Rng } from '../rng.js';
import { rand } from './data.js';

export interface MatmulShape {
  m: number;
  k: number;
  n: number;
  batchA?: number[];
  batchB?: number[];
  tA?: boolean;
  tB?: boolean;
  dtype?: DType;
  /** Values uniform in ±scale. */
  scale?: number;
}

export function mm(rng: Rng, s: MatmulShape): Check<'matmul'> {
  const { m, k, n, batchA = [], batchB = [], tA = false, tB = false, dtype = 'float32', scale = 2 } = s;
  const a = rand(rng, [...batchA, ...(tA ? [k, m] : [m, k])], dtype, -scale, scale);
  const b = rand(rng, [...batchB, ...(tB ? [n, k] : [k, n])], dtype, -scale, scale);
  const label = `${JSON.stringify(a.shape)}${tA ? 'ᵀ' : ''} × ${JSON.stringify(b.shape)}${tB ? 'ᵀ' : ''} ${dtype}`;
  return { label, inputs: { a, b }, attrs: { transposeA: tA, transposeB: tB }, tol: 'accumulate', length: k };
}

const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

export const matmulCases: ConformanceCase[] = [
  check('matmul', '1×1 times 1×1', (rng) => mm(rng, { m: 1, k: 1, n: 1 })),
  check('matmul', '7×13 times 13×5', (rng) => mm(rng, { m: 7, k: 13, n: 5 })),
  check('matmul', 'all four transpose combinations', (rng) => FLAGS.map(([tA, tB]) => mm(rng, { m: 6, k: 9, n: 4, tA, tB }))),
  check('matmul', 'row and column vectors', (rng) => [mm(rng, { m: 1, k: 11, n: 1 }), mm(rng, { m: 5, k: 1, n: 7 }), mm(rng, { m: 1, k: 8, n: 6, tA: true })]),
  check('matmul', 'batched, same batch dims', (rng) => [mm(rng, { m: 4, k: 5, n: 3, batchA: [3], batchB: [3] }), mm(rng, { m: 2, k: 3, n: 4, batchA: [2, 2], batchB: [2, 2], tB: true })]),
  check('matmul', 'batch dims broadcast [3, 1] with [2]', (rng) => FLAGS.map(([tA, tB]) => mm(rng, { m: 4, k: 5, n: 6, batchA: [3, 1], batchB: [2], tA, tB }))),
  check('matmul', 'batch rank mismatch', (rng) => [mm(rng, { m: 3, k: 4, n: 5, batchA: [2, 3] }), mm(rng, { m: 3, k: 4, n: 2, batchB: [4], tA: true }), mm(rng, { m: 2, k: 2, n: 2, batchA: [1, 1, 2], batchB: [3, 1] })]),
  check('matmul', 'K = 0 gives zeros', (rng) => [mm(rng, { m: 3, k: 0, n: 4 }), mm(rng, { m: 2, k: 0, n: 2, batchA: [2], tA: true, tB: true })]),
  check('matmul', 'M, N or batch of size 0', (rng) => [mm(rng, { m: 0, k: 3, n: 4 }), mm(rng, { m: 3, k: 2, n: 0 }), mm(rng, { m: 2, k: 3, n: 2, batchA: [0], batchB: [1] })]),
  check('matmul', 'float64', (rng) => FLAGS.map(([tA, tB]) => mm(rng, { m: 5, k: 7, n: 3, tA, tB, dtype: 'float64', batchA: [2] }))),
  check('matmul', 'large magnitude ±1e18', (rng) => mm(rng, { m: 3, k: 4, n: 3, scale: 1e18 })),
  check('matmul', 'K = 300 (a long inner dim)', (rng) => [mm(rng, { m: 9, k: 300, n: 10, scale: 1 }), mm(rng, { m: 9, k: 300, n: 10, tA: true, tB: true, scale: 1 })]),
  check('matmul', '17×31 times 31×23, transposed', (rng) => [mm(rng, { m: 17, k: 31, n: 23 }), mm(rng, { m: 17, k: 31, n: 23, tA: true, tB: true })]),
  throws('matmul', 'inner dimensions differ', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [2, 3]), b: rand(rng, [4, 2]) }, attrs: { transposeA: false, transposeB: false } })),
  throws('matmul', 'int32 inputs', 'DTypeError', (rng) => ({ inputs: { a: rand(rng, [2, 3], 'int32'), b: rand(rng, [3, 2], 'int32') }, attrs: { transposeA: false, transposeB: false } })),
  throws('matmul', 'batch dims do not broadcast', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [2, 2, 3]), b: rand(rng, [3, 3, 2]) }, attrs: { transposeA: false, transposeB: false } })),
];

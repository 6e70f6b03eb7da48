/** Cases for `binary`: every op per dtype, broadcasting, empty and scalar shapes, special values. */
import type { DType } from '../../dtypes.js';
import type { BinaryOp } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import { host, hostSize, type HostTensor } from '../host.js';
import type { Rng } from '../rng.js';
import { rand, vec } from './data.js';

const OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'mod', 'floorDiv', 'atan2'];
const INT_OPS = OPS.filter((o) => o !== 'atan2');

function tolOf(op: BinaryOp): 'arithmetic' | 'transcendental' {
  return op === 'pow' || op === 'atan2' ? 'transcendental' : 'arithmetic';
}

export function binaryCheck(op: BinaryOp, a: HostTensor, b: HostTensor, label = `${op} ${a.dtype}`): Check<'binary'> {
  return { label, inputs: { a, b }, attrs: { op }, tol: tolOf(op) };
}

/** A value of magnitude in [lo, hi] with a random sign. */
function signed(rng: Rng, lo: number, hi: number): number {
  return (rng.bool() ? 1 : -1) * rng.uniform(lo, hi);
}

/** Operands where `op` is well defined and well conditioned for `dtype`. */
function operands(rng: Rng, op: BinaryOp, shapeA: readonly number[], shapeB: readonly number[], dtype: DType): [HostTensor, HostTensor] {
  const fill = (shape: readonly number[], f: () => number) => host(shape, dtype, Array.from({ length: hostSize(shape) }, f));
  const int = dtype === 'int32';
  switch (op) {
    case 'div':
    case 'mod':
    case 'floorDiv':
      return int
        ? [fill(shapeA, () => rng.int(-50, 50)), fill(shapeB, () => (rng.bool() ? 1 : -1) * rng.int(1, 9))]
        : [fill(shapeA, () => rng.uniform(-5, 5)), fill(shapeB, () => signed(rng, 0.5, 3))];
    case 'pow':
      return int
        ? [fill(shapeA, () => rng.pick([-5, -3, -2, -1, 1, 2, 3, 4, 5])), fill(shapeB, () => rng.int(-2, 6))]
        : [fill(shapeA, () => rng.uniform(0.1, 3)), fill(shapeB, () => rng.uniform(-3, 3))];
    default:
      return int ? [rand(rng, shapeA, dtype, -100, 100), rand(rng, shapeB, dtype, -100, 100)] : [rand(rng, shapeA, dtype, -4, 4), rand(rng, shapeB, dtype, -4, 4)];
  }
}

function everyOp(rng: Rng, ops: readonly BinaryOp[], shapeA: readonly number[], shapeB: readonly number[], dtype: DType): Check<'binary'>[] {
  return ops.map((op) => binaryCheck(op, ...operands(rng, op, shapeA, shapeB, dtype)));
}

/** Two random shapes of rank ≤ `rank` that broadcast: some dims 1, the shorter one missing leading dims. */
function broadcastPair(rng: Rng, rank: number): [number[], number[]] {
  const full = rng.shape(rank, 4, 2);
  const a = full.map((d) => (rng.bool(0.3) ? 1 : d));
  const b = full.map((d, i) => (a[i] !== 1 && rng.bool(0.4) ? 1 : d)).slice(rng.int(0, rank));
  return [a, b];
}

/** Each op applied elementwise to literal pairs. */
function pairs(op: BinaryOp, dtype: DType, list: [number, number][]): Check<'binary'> {
  return binaryCheck(op, vec(dtype, list.map((p) => p[0])), vec(dtype, list.map((p) => p[1])));
}

export const binaryCases: ConformanceCase[] = [
  check('binary', 'float32 same shape, every op', (rng) => everyOp(rng, OPS, [3, 5], [3, 5], 'float32')),
  check('binary', 'float64 every op', (rng) => everyOp(rng, OPS, [2, 7], [2, 7], 'float64')),
  check('binary', 'int32 every op', (rng) => everyOp(rng, INT_OPS, [4, 6], [4, 6], 'int32')),
  check('binary', 'int32 div truncates, mod/floorDiv follow Python', () => {
    const a: [number, number][] = [[7, 2], [-7, 2], [7, -2], [-7, -2], [0, 3], [5, -5], [-5, 5], [-1, 9]];
    return (['div', 'mod', 'floorDiv'] as const).map((op) => pairs(op, 'int32', a));
  }),
  check('binary', 'int32 pow: negative exponents truncate, overflow wraps', () => [
    pairs('pow', 'int32', [[2, 10], [2, -1], [-2, 3], [3, -2], [0, 0], [-1, -1], [-1, -2], [5, 0], [1, -5], [-3, 4], [0, -1], [0, 7]]),
    pairs('pow', 'int32', [[3, 21], [-2, 31], [2, 31], [2, 32], [7, 13], [-3, 15], [10, 10]]),
  ]),
  check('binary', 'pow follows C for bases ±1', () =>
    (['float32', 'float64'] as const).map((dtype) => pairs('pow', dtype, [[1, NaN], [1, Infinity], [1, -Infinity], [-1, Infinity], [-1, -Infinity], [NaN, 0], [1, 0.5], [-1, 3]])),
  ),
  check('binary', 'float mod/floorDiv signs', () =>
    (['mod', 'floorDiv'] as const).flatMap((op) =>
      (['float32', 'float64'] as const).map((dtype) => pairs(op, dtype, [[5.5, 2], [-5.5, 2], [5.5, -2], [-5.5, -2], [3, 1.5], [-0.25, 4], [0, -3]])),
    ),
  ),
  check('binary', 'broadcast rank mismatch [3, 1, 5] with [4, 5]', (rng) => everyOp(rng, ['add', 'div', 'maximum', 'pow'], [3, 1, 5], [4, 5], 'float32')),
  check('binary', 'broadcast size-1 on both sides [4, 1] with [1, 6]', (rng) => [
    ...everyOp(rng, ['sub', 'atan2'], [4, 1], [1, 6], 'float32'),
    ...everyOp(rng, ['mul', 'floorDiv'], [1, 6], [4, 1], 'int32'),
  ]),
  check('binary', 'scalar with tensor, both orders', (rng) => [
    ...everyOp(rng, ['add', 'pow'], [], [2, 3], 'float32'),
    ...everyOp(rng, ['mod', 'minimum'], [2, 3], [], 'float32'),
    ...everyOp(rng, ['mul'], [], [], 'float32'),
    ...everyOp(rng, ['sub'], [], [5], 'int32'),
  ]),
  check('binary', 'random broadcasts up to rank 5', (rng) => {
    const checks: Check<'binary'>[] = [];
    for (let i = 0; i < 6; i++) {
      const [a, b] = broadcastPair(rng, rng.int(1, 5));
      const op = rng.pick(OPS);
      const [first, second] = rng.bool() ? [a, b] : [b, a];
      checks.push(binaryCheck(op, ...operands(rng, op, first, second, 'float32')));
    }
    return checks;
  }),
  check('binary', 'empty dims', (rng) => [
    ...everyOp(rng, ['add'], [0, 3], [1, 3], 'float32'),
    ...everyOp(rng, ['mul'], [5, 1], [0], 'float32'),
    ...everyOp(rng, ['div'], [0], [], 'int32'),
    ...everyOp(rng, ['maximum'], [2, 0, 4], [2, 1, 4], 'float64'),
  ]),
  check('binary', 'NaN and ±Inf', () => {
    const inf = Infinity;
    return [
      pairs('add', 'float32', [[NaN, 1], [1, NaN], [inf, -inf], [inf, 1], [-inf, -inf]]),
      pairs('sub', 'float32', [[NaN, 1], [inf, inf], [inf, -inf], [1, inf]]),
      pairs('mul', 'float32', [[NaN, 2], [0, inf], [inf, -2], [-inf, -inf]]),
      pairs('div', 'float32', [[NaN, 2], [1, 0], [-1, 0], [0, 0], [1, inf], [inf, inf], [inf, 2]]),
      pairs('maximum', 'float32', [[NaN, 1], [1, NaN], [NaN, NaN], [inf, 1], [-inf, 1], [1, -inf]]),
      pairs('minimum', 'float32', [[NaN, 1], [1, NaN], [NaN, -inf], [inf, 1], [-inf, 1]]),
      pairs('pow', 'float32', [[NaN, 2], [2, NaN], [0, 0], [NaN, 0], [0, -1], [2, inf], [0.5, inf], [2, -inf], [inf, 2], [inf, -1]]),
      pairs('atan2', 'float32', [[NaN, 1], [1, NaN], [0, -1], [1, 0], [-1, 0], [inf, inf], [-inf, 1], [1, -inf]]),
      pairs('mod', 'float32', [[NaN, 2], [2, NaN]]),
      pairs('floorDiv', 'float32', [[NaN, 2], [2, NaN], [1, 0], [-1, 0]]),
      pairs('maximum', 'float64', [[NaN, 1], [1, NaN]]),
      pairs('minimum', 'float64', [[1, NaN], [NaN, -1]]),
    ];
  }),
  check('binary', 'extremes ±1e30 and overflow to Inf', () => {
    const big: [number, number][] = [[1e30, 1e30], [-1e30, 1e30], [1e30, -1e-30], [3e38, 3e38], [-3e38, 3e38], [1e-30, 1e30], [1e30, 1e-30]];
    return (['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const).map((op) => pairs(op, 'float32', big));
  }),
  check('binary', 'pow with negative bases and integer exponents', () => [
    pairs('pow', 'float32', [[-2, 3], [-2, 2], [-2, -1], [-0.5, -2], [-3, 0], [-1.5, 1], [-8, 1 / 3]]),
    pairs('pow', 'float64', [[-2, 3], [-2, -3], [-1e-3, 2], [-8, 0.5]]),
  ]),
  throws('binary', 'mismatched shapes [2, 3] and [4, 3]', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [2, 3]), b: rand(rng, [4, 3]) }, attrs: { op: 'add' } })),
  throws('binary', 'float32 with int32', 'DTypeError', (rng) => ({ inputs: { a: rand(rng, [3]), b: rand(rng, [3], 'int32') }, attrs: { op: 'add' } })),
  throws('binary', 'mismatched shapes [3] and [4]', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [3], 'int32'), b: rand(rng, [4], 'int32') }, attrs: { op: 'mul' } })),
];

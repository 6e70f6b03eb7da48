/** Cases for `reduce` and `argReduce`. */
import type { ReduceOp } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import { hostSize, type HostTensor } from '../host.js';
import { lit, pickFrom, rand, withValues } from './data.js';

function red(op: ReduceOp, x: HostTensor, axes: number[]): Check<'reduce'> {
  const length = hostSize(axes.map((a) => x.shape[a]!));
  const accumulates = op === 'sum' || op === 'prod' || op === 'mean';
  return { label: `${op} ${x.dtype} ${JSON.stringify(x.shape)} axes ${JSON.stringify(axes)}`, inputs: { x }, attrs: { op, axes }, tol: accumulates ? 'accumulate' : 'exact', length };
}

function arg(op: 'argmax' | 'argmin', x: HostTensor, axis: number): Check<'argReduce'> {
  return { label: `${op} ${x.dtype} ${JSON.stringify(x.shape)} axis ${axis}`, inputs: { x }, attrs: { op, axis }, tol: 'exact' };
}

const FLOAT_REDUCE: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'mean'];
const ARGS = ['argmax', 'argmin'] as const;

export const reduceCases: ConformanceCase[] = [
  check('reduce', 'sum float32 over each single axis', (rng) => {
    const x = rand(rng, [3, 4, 5]);
    return [[0], [1], [2]].map((axes) => red('sum', x, axes));
  }),
  check('reduce', 'sum and mean over several axes', (rng) => {
    const x = rand(rng, [2, 3, 4, 5]);
    return [[0, 2], [1, 3], [0, 1, 2, 3]].flatMap((axes) => [red('sum', x, axes), red('mean', x, axes)]);
  }),
  check('reduce', 'empty axes list is a copy', (rng) => [
    ...FLOAT_REDUCE.map((op) => red(op, rand(rng, [2, 3]), [])),
    red('any', rand(rng, [4], 'bool'), []),
    red('sum', rand(rng, [3], 'int32'), []),
  ]),
  check('reduce', 'prod float32', (rng) => {
    const x = rand(rng, [4, 6], 'float32', 0.5, 1.5);
    return [red('prod', x, [1]), red('prod', x, [0]), red('prod', x, [0, 1])];
  }),
  check('reduce', 'max and min, with NaN propagating and ±Inf', (rng) => {
    const x = withValues(rand(rng, [4, 5]), { 2: NaN, 7: Infinity, 13: -Infinity, 16: NaN, 19: -Infinity });
    return ['max', 'min'].flatMap((op) => [[0], [1], [0, 1]].map((axes) => red(op as ReduceOp, x, axes)));
  }),
  check('reduce', 'any and all', (rng) => {
    const x = rand(rng, [3, 4], 'bool');
    const mostlyTrue = pickFrom(rng, [5, 3], 'bool', [1, 1, 1, 1, 0]);
    return [[0], [1], [0, 1]].flatMap((axes) => [red('any', x, axes), red('all', x, axes), red('all', mostlyTrue, axes), red('any', lit([2, 3], 'bool', [0, 0, 0, 0, 1, 0]), axes)]);
  }),
  check('reduce', 'sum and prod of bool and uint8 give int32', (rng) => [
    red('sum', rand(rng, [4, 6], 'bool'), [1]),
    red('prod', rand(rng, [4, 6], 'bool'), [0]),
    red('sum', rand(rng, [3, 20], 'uint8'), [1]),
    red('prod', rand(rng, [3, 3], 'uint8', 0, 9), [1]),
  ]),
  check('reduce', 'int32 sum prod max min', (rng) => {
    const x = rand(rng, [3, 4], 'int32');
    return [red('sum', x, [0]), red('prod', rand(rng, [3, 4], 'int32', -5, 5), [1]), red('max', x, [1]), red('min', x, [0, 1]), red('max', rand(rng, [5], 'uint8'), [0])];
  }),
  check('reduce', 'float64 every float op', (rng) => FLOAT_REDUCE.map((op) => red(op, rand(rng, [3, 5], 'float64', 0.5, 1.5), [1]))),
  check('reduce', 'empty axes give identities', () => {
    const x = lit([2, 0, 3], 'float32', []);
    return [
      ...FLOAT_REDUCE.map((op) => red(op, x, [1])),
      red('any', lit([0, 2], 'bool', []), [0]),
      red('all', lit([0, 2], 'bool', []), [0]),
      red('sum', lit([0], 'int32', []), [0]),
      red('prod', lit([3, 0], 'int32', []), [1]),
      red('sum', lit([0], 'bool', []), [0]),
    ];
  }),
  check('reduce', 'empty kept dims give empty outputs', (rng) => [red('sum', lit([0, 4], 'float32', []), [1]), red('max', lit([3, 0, 2], 'float32', []), [0, 2]), red('mean', rand(rng, [2, 3]), [1])]),
  check('reduce', 'scalar input', () => [red('sum', lit([], 'float32', [2.5]), []), red('max', lit([], 'int32', [-4]), []), red('mean', lit([], 'float64', [3]), [])]),
  check('reduce', 'extremes, Inf and NaN in sums', () => {
    const x = lit([6, 2], 'float32', [1e30, 1e30, -1e30, 1e30, 3e38, 3e38, Infinity, 1, Infinity, -Infinity, NaN, 1]);
    // mean leaves out the 3e38 row: a float32 accumulator may overflow there before dividing.
    const m = lit([5, 2], 'float32', [1e30, 1e30, -1e30, 1e30, Infinity, 1, Infinity, -Infinity, NaN, 1]);
    return [red('sum', x, [1]), red('max', x, [1]), red('min', x, [1]), red('mean', m, [1]), red('prod', lit([2, 2], 'float32', [1e30, 1e30, 1e-30, 1e30]), [1])];
  }),
  check('reduce', 'long reductions (1000 elements)', (rng) => {
    const x = rand(rng, [2, 1000], 'float32', 0, 1);
    return [red('sum', x, [1]), red('mean', x, [1]), red('sum', rand(rng, [1000, 2]), [0]), red('max', x, [1])];
  }),
  throws('reduce', 'int32 max of an empty axis', 'ShapeError', () => ({ inputs: { x: lit([3, 0], 'int32', []) }, attrs: { op: 'max', axes: [1] } })),
];

function argBoth(x: HostTensor, axis: number): Check<'argReduce'>[] {
  return ARGS.map((op) => arg(op, x, axis));
}

export const argReduceCases: ConformanceCase[] = [
  check('argReduce', 'float32 over each axis', (rng) => {
    const x = rand(rng, [3, 4, 5]);
    return [0, 1, 2].flatMap((axis) => argBoth(x, axis));
  }),
  check('argReduce', 'ties give the first index', (rng) => [
    ...argBoth(pickFrom(rng, [4, 6], 'float32', [0, 1, 2]), 1),
    ...argBoth(pickFrom(rng, [6, 3], 'int32', [-1, 5]), 0),
    ...argBoth(lit([2, 4], 'float32', [3, 3, 3, 3, -1, 7, -1, 7]), 1),
  ]),
  check('argReduce', 'NaN counts as the extreme, first NaN wins', () =>
    argBoth(lit([4, 4], 'float32', [1, NaN, 5, NaN, NaN, 2, NaN, 9, 3, 4, 5, NaN, -Infinity, Infinity, 0, 1]), 1),
  ),
  check('argReduce', '±Inf', () => argBoth(lit([2, 3], 'float32', [-Infinity, -Infinity, -1e30, Infinity, 1e30, Infinity]), 1)),
  check('argReduce', 'int32 and float64', (rng) => [...argBoth(rand(rng, [5, 3], 'int32', -1000, 1000), 0), ...argBoth(rand(rng, [2, 3, 4], 'float64'), 2)]),
  check('argReduce', 'axis of size 1', (rng) => argBoth(rand(rng, [4, 1]), 1)),
  check('argReduce', 'rank 1 and a long axis', (rng) => [...argBoth(rand(rng, [9]), 0), ...argBoth(rand(rng, [2, 300]), 1)]),
  check('argReduce', 'empty kept dim', () => argBoth(lit([0, 3], 'float32', []), 1)),
  throws('argReduce', 'empty axis', 'ShapeError', () => ({ inputs: { x: lit([3, 0], 'float32', []) }, attrs: { op: 'argmax', axis: 1 } })),
];

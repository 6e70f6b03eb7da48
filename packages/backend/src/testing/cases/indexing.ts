/** Cases for `gather` and `scatterAdd`, including repeated and out-of-range indices. */
import type { DType } from '../../dtypes.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { HostTensor } from '../host.js';
import type { Rng } from '../rng.js';
import { lit, rand } from './data.js';

function take(x: HostTensor, indices: HostTensor, axis: number): Check<'gather'> {
  return { label: `${x.dtype} ${JSON.stringify(x.shape)} indices ${JSON.stringify(indices.shape)} axis ${axis}`, inputs: { x, indices }, attrs: { axis }, tol: 'exact' };
}

/** Random int32 indices in [0, dim). */
function indicesFor(rng: Rng, shape: number[], dim: number): HostTensor {
  return rand(rng, shape, 'int32', 0, dim - 1);
}

/** Most times any one index occurs: the accumulation length of a scatter-add. */
function maxRepeat(indices: HostTensor): number {
  const counts = new Map<number, number>();
  for (const i of indices.data) counts.set(i, (counts.get(i) ?? 0) + 1);
  return Math.max(1, ...counts.values());
}

function scatter(updates: HostTensor, indices: HostTensor, axis: number, shape: number[]): Check<'scatterAdd'> {
  return {
    label: `${updates.dtype} indices ${JSON.stringify(indices.shape)} axis ${axis} into ${JSON.stringify(shape)}`,
    inputs: { updates, indices },
    attrs: { axis, shape },
    tol: 'accumulate',
    length: maxRepeat(indices),
  };
}

/** Updates shaped for `indices` scattered along `axis` of `shape`. */
function scatterOf(rng: Rng, shape: number[], axis: number, indices: HostTensor, dtype: DType = 'float32'): Check<'scatterAdd'> {
  const updates = rand(rng, [...shape.slice(0, axis), ...indices.shape, ...shape.slice(axis + 1)], dtype);
  return scatter(updates, indices, axis, shape);
}

export const gatherCases: ConformanceCase[] = [
  check('gather', 'axis 0, 1-D indices', (rng) => take(rand(rng, [5, 3]), lit([4], 'int32', [4, 0, 2, 2]), 0)),
  check('gather', 'axis 1, 2-D indices', (rng) => take(rand(rng, [3, 6, 2]), indicesFor(rng, [2, 3], 6), 1)),
  check('gather', 'last axis', (rng) => take(rand(rng, [2, 3, 7]), indicesFor(rng, [5], 7), 2)),
  check('gather', 'scalar index removes the axis', (rng) => [take(rand(rng, [4, 5]), lit([], 'int32', [3]), 1), take(rand(rng, [4]), lit([], 'int32', [0]), 0)]),
  check('gather', 'repeated indices', (rng) => take(rand(rng, [3]), lit([6], 'int32', [0, 0, 2, 2, 2, 1]), 0)),
  check('gather', 'empty indices', (rng) => [take(rand(rng, [4, 3]), lit([0], 'int32', []), 0), take(rand(rng, [4, 3]), lit([2, 0], 'int32', []), 1)]),
  check('gather', 'empty other dim', (rng) => take(lit([0, 5], 'float32', []), indicesFor(rng, [3], 5), 1)),
  check('gather', 'int32, uint8, bool, float64', (rng) => (['int32', 'uint8', 'bool', 'float64'] as const).map((d) => take(rand(rng, [4, 5], d), indicesFor(rng, [2, 2], 5), 1))),
  check('gather', 'NaN and ±Inf are copied', () => take(lit([4], 'float32', [NaN, Infinity, -Infinity, 1]), lit([5], 'int32', [3, 2, 1, 0, 0]), 0)),
  throws('gather', 'index equal to the dim', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [4, 3]), indices: lit([3], 'int32', [0, 4, 1]) }, attrs: { axis: 0 } })),
  throws('gather', 'float32 indices', 'DTypeError', (rng) => ({ inputs: { x: rand(rng, [4, 3]), indices: lit([2], 'float32', [1, 0]) }, attrs: { axis: 0 } })),
  throws('gather', 'negative index', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [4, 3]), indices: lit([2], 'int32', [-1, 0]) }, attrs: { axis: 1 } })),
];

export const scatterAddCases: ConformanceCase[] = [
  check('scatterAdd', 'axis 0, unique indices', (rng) => scatterOf(rng, [5, 3], 0, lit([3], 'int32', [4, 0, 2]))),
  check('scatterAdd', 'repeated indices add up', (rng) => scatterOf(rng, [4], 0, lit([8], 'int32', [1, 1, 1, 3, 0, 3, 1, 1]))),
  check('scatterAdd', 'axis 1, 2-D indices', (rng) => scatterOf(rng, [2, 5, 3], 1, indicesFor(rng, [2, 2], 5))),
  check('scatterAdd', 'last axis with repeats', (rng) => scatterOf(rng, [3, 6], 1, lit([5], 'int32', [5, 0, 5, 2, 5]))),
  check('scatterAdd', 'scalar index', (rng) => scatterOf(rng, [4, 5], 1, lit([], 'int32', [2]))),
  check('scatterAdd', 'empty indices give zeros', (rng) => scatterOf(rng, [3, 2], 0, lit([0], 'int32', []))),
  check('scatterAdd', 'int32 with repeats', (rng) => scatterOf(rng, [3, 4], 0, lit([6], 'int32', [2, 2, 0, 2, 1, 0]), 'int32')),
  check('scatterAdd', 'float64', (rng) => scatterOf(rng, [2, 4, 3], 2, indicesFor(rng, [3, 2], 3), 'float64')),
  check('scatterAdd', 'many repeats onto one slot', (rng) => scatterOf(rng, [2, 3], 1, lit([40], 'int32', new Array<number>(40).fill(1)))),
  throws('scatterAdd', 'index out of range', 'ShapeError', (rng) => ({ inputs: { updates: rand(rng, [3, 2]), indices: lit([3], 'int32', [0, 5, 1]) }, attrs: { axis: 0, shape: [4, 2] } })),
  throws('scatterAdd', 'updates shape does not match', 'ShapeError', (rng) => ({ inputs: { updates: rand(rng, [3, 3]), indices: lit([3], 'int32', [0, 1, 1]) }, attrs: { axis: 0, shape: [4, 2] } })),
];

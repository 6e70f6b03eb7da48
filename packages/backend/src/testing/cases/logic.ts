/** Cases for `compare`, `logical` and `where`. */
import type { DType } from '../../dtypes.js';
import type { CompareOp, LogicalOp } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { HostTensor } from '../host.js';
import type { Rng } from '../rng.js';
import { lit, pickFrom, rand, vec } from './data.js';

const COMPARE_OPS: readonly CompareOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const LOGICAL_OPS: readonly LogicalOp[] = ['logicalAnd', 'logicalOr', 'logicalXor'];

function cmp(op: CompareOp, a: HostTensor, b: HostTensor): Check<'compare'> {
  return { label: `${op} ${a.dtype} ${JSON.stringify(a.shape)}·${JSON.stringify(b.shape)}`, inputs: { a, b }, attrs: { op }, tol: 'exact' };
}

/** Every compare op on operands drawn from a few values, so that equal pairs are common. */
function allCompares(rng: Rng, dtype: DType, shapeA: number[], shapeB: number[], choices: number[]): Check<'compare'>[] {
  return COMPARE_OPS.map((op) => cmp(op, pickFrom(rng, shapeA, dtype, choices), pickFrom(rng, shapeB, dtype, choices)));
}

function logic(op: LogicalOp, a: HostTensor, b: HostTensor): Check<'logical'> {
  return { label: `${op} ${JSON.stringify(a.shape)}·${JSON.stringify(b.shape)}`, inputs: { a, b }, attrs: { op }, tol: 'exact' };
}

function sel(condition: HostTensor, a: HostTensor, b: HostTensor, label = `where ${a.dtype}`): Check<'where'> {
  return { label, inputs: { condition, a, b }, attrs: {}, tol: 'exact' };
}

function whereOf(rng: Rng, dtype: DType, c: number[], a: number[], b: number[]): Check<'where'> {
  return sel(rand(rng, c, 'bool'), rand(rng, a, dtype), rand(rng, b, dtype), `where ${dtype} ${JSON.stringify([c, a, b])}`);
}

export const compareCases: ConformanceCase[] = [
  check('compare', 'float32 every op, with ties', (rng) => allCompares(rng, 'float32', [4, 5], [4, 5], [-1, 0, 0.5, 1, 2])),
  check('compare', 'float64 every op', (rng) => allCompares(rng, 'float64', [3, 3], [3, 3], [-1e30, -0.1, 0, 0.1, 1e30])),
  check('compare', 'int32 every op', (rng) => allCompares(rng, 'int32', [6], [6], [-2147483648, -3, 0, 3, 2147483647])),
  check('compare', 'uint8 and bool every op', (rng) => [
    ...allCompares(rng, 'uint8', [7], [7], [0, 1, 127, 200, 255]),
    ...allCompares(rng, 'bool', [2, 3], [2, 3], [0, 1]),
  ]),
  check('compare', 'broadcasting', (rng) => [
    ...allCompares(rng, 'float32', [3, 1], [1, 4], [0, 1, 2]),
    ...allCompares(rng, 'int32', [2, 3, 4], [4], [0, 1, 2]),
    ...allCompares(rng, 'float32', [], [2, 2], [0, 1]),
  ]),
  check('compare', 'NaN compares false except notEqual; ±Inf', () => {
    const a = vec('float32', [NaN, NaN, 1, Infinity, -Infinity, Infinity, 0]);
    const b = vec('float32', [NaN, 1, NaN, Infinity, Infinity, 1e30, -0]);
    return COMPARE_OPS.map((op) => cmp(op, a, b));
  }),
  check('compare', 'scalar and empty shapes', (rng) => [
    ...allCompares(rng, 'float32', [], [], [0, 1]),
    cmp('less', lit([0, 3], 'float32', []), rand(rng, [1, 3])),
    cmp('equal', lit([4, 0], 'int32', []), lit([], 'int32', [1])),
  ]),
  throws('compare', 'mismatched shapes [2, 3] and [3, 2]', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [2, 3]), b: rand(rng, [3, 2]) }, attrs: { op: 'less' } })),
];

export const logicalCases: ConformanceCase[] = [
  check('logical', 'truth tables', () => {
    const a = vec('bool', [0, 0, 1, 1]);
    const b = vec('bool', [0, 1, 0, 1]);
    return LOGICAL_OPS.map((op) => logic(op, a, b));
  }),
  check('logical', 'random same shape', (rng) => LOGICAL_OPS.map((op) => logic(op, rand(rng, [3, 4, 2], 'bool'), rand(rng, [3, 4, 2], 'bool')))),
  check('logical', 'broadcast [2, 1, 3] with [4, 1]', (rng) => LOGICAL_OPS.map((op) => logic(op, rand(rng, [2, 1, 3], 'bool'), rand(rng, [4, 1], 'bool')))),
  check('logical', 'scalar with tensor', (rng) => LOGICAL_OPS.map((op) => logic(op, lit([], 'bool', [op === 'logicalAnd' ? 1 : 0]), rand(rng, [5], 'bool')))),
  check('logical', 'empty shapes', (rng) => [logic('logicalOr', lit([0, 2], 'bool', []), rand(rng, [2], 'bool')), logic('logicalXor', lit([0], 'bool', []), lit([], 'bool', [1]))]),
  throws('logical', 'mismatched shapes [2] and [3]', 'ShapeError', (rng) => ({ inputs: { a: rand(rng, [2], 'bool'), b: rand(rng, [3], 'bool') }, attrs: { op: 'logicalAnd' } })),
];

export const whereCases: ConformanceCase[] = [
  check('where', 'float32 same shape', (rng) => whereOf(rng, 'float32', [4, 5], [4, 5], [4, 5])),
  check('where', 'all three broadcast', (rng) => [
    whereOf(rng, 'float32', [3, 1], [1, 4], []),
    whereOf(rng, 'float32', [4], [2, 3, 1], [3, 4]),
    whereOf(rng, 'float32', [2, 1, 1], [1, 3, 1], [1, 1, 4]),
  ]),
  check('where', 'int32, uint8, bool, float64', (rng) => (['int32', 'uint8', 'bool', 'float64'] as const).map((dtype) => whereOf(rng, dtype, [2, 3], [2, 3], [1, 3]))),
  check('where', 'NaN and ±Inf pass through', () =>
    sel(vec('bool', [1, 0, 1, 0, 1]), vec('float32', [NaN, 1, Infinity, 2, -1e30]), vec('float32', [0, NaN, 0, -Infinity, 0])),
  ),
  check('where', 'scalar condition', (rng) => [sel(lit([], 'bool', [1]), rand(rng, [2, 3]), rand(rng, [2, 3]), 'true'), sel(lit([], 'bool', [0]), rand(rng, [3]), rand(rng, [2, 3]), 'false')]),
  check('where', 'empty shapes', (rng) => [whereOf(rng, 'float32', [0, 3], [1, 3], [3]), whereOf(rng, 'int32', [2], [0, 1], [])]),
  throws('where', 'mismatched shapes', 'ShapeError', (rng) => ({ inputs: { condition: rand(rng, [2, 3], 'bool'), a: rand(rng, [2, 3]), b: rand(rng, [4, 3]) }, attrs: {} })),
];

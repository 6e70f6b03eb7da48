/** Cases for the movement kernels: `transpose`, `broadcastTo`, `pad`, `slice`, `concat`. */
import type { DType } from '../../dtypes.js';
import type { PadMode, Pair } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { HostTensor } from '../host.js';
import { lit, rand, vec, withValues } from './data.js';

const OTHER_DTYPES: readonly DType[] = ['int32', 'uint8', 'bool', 'float64'];

function perm(x: HostTensor, p: number[]): Check<'transpose'> {
  return { label: `${x.dtype} ${JSON.stringify(x.shape)} perm ${JSON.stringify(p)}`, inputs: { x }, attrs: { perm: p }, tol: 'exact' };
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

function bcast(x: HostTensor, shape: number[]): Check<'broadcastTo'> {
  return { label: `${x.dtype} ${JSON.stringify(x.shape)} → ${JSON.stringify(shape)}`, inputs: { x }, attrs: { shape }, tol: 'exact' };
}

function padded(x: HostTensor, pads: Pair[], mode: PadMode, value = 0): Check<'pad'> {
  return { label: `${mode} ${x.dtype} ${JSON.stringify(x.shape)} pads ${JSON.stringify(pads)}`, inputs: { x }, attrs: { pads, mode, value }, tol: 'exact' };
}

function allModes(x: HostTensor, pads: Pair[], value = 0): Check<'pad'>[] {
  return (['constant', 'reflect', 'replicate'] as const).map((mode) => padded(x, pads, mode, value));
}

function sliced(x: HostTensor, begin: number[], size: number[], step: number[]): Check<'slice'> {
  return { label: `${x.dtype} ${JSON.stringify(x.shape)} begin ${JSON.stringify(begin)} size ${JSON.stringify(size)} step ${JSON.stringify(step)}`, inputs: { x }, attrs: { begin, size, step }, tol: 'exact' };
}

function joined(xs: HostTensor[], axis: number): Check<'concat'> {
  return { label: `${xs[0]!.dtype} ${xs.map((x) => JSON.stringify(x.shape)).join(' + ')} axis ${axis}`, inputs: { xs }, attrs: { axis }, tol: 'exact' };
}

export const transposeCases: ConformanceCase[] = [
  check('transpose', 'rank 2', (rng) => perm(rand(rng, [3, 5]), [1, 0])),
  check('transpose', 'rank 3, every permutation', (rng) => permutations(3).map((p) => perm(rand(rng, [2, 3, 4]), p))),
  check('transpose', 'rank 4, NCHW ↔ NHWC', (rng) => [perm(rand(rng, [2, 3, 4, 5]), [0, 2, 3, 1]), perm(rand(rng, [2, 4, 5, 3]), [0, 3, 1, 2])]),
  check('transpose', 'rank 5, random permutations', (rng) => [0, 1, 2].map(() => perm(rand(rng, rng.shape(5, 4)), rng.shuffle([0, 1, 2, 3, 4])))),
  check('transpose', 'wider than a 32-element tile', (rng) => [perm(rand(rng, [40, 35]), [1, 0]), perm(rand(rng, [2, 33, 34]), [0, 2, 1])]),
  check('transpose', 'identity permutation and rank 1', (rng) => [perm(rand(rng, [3, 4]), [0, 1]), perm(rand(rng, [6]), [0])]),
  check('transpose', 'scalar', () => perm(lit([], 'float32', [3.5]), [])),
  check('transpose', 'size-1 and empty dims', (rng) => [perm(rand(rng, [1, 4, 1]), [2, 0, 1]), perm(lit([3, 0, 2], 'float32', []), [2, 1, 0])]),
  check('transpose', 'int32, uint8, bool, float64', (rng) => OTHER_DTYPES.map((d) => perm(rand(rng, [2, 3, 4], d), [2, 0, 1]))),
  throws('transpose', 'perm is not a permutation', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [2, 3]) }, attrs: { perm: [0, 0] } })),
];

export const broadcastToCases: ConformanceCase[] = [
  check('broadcastTo', 'scalar to [2, 3]', () => bcast(lit([], 'float32', [1.25]), [2, 3])),
  check('broadcastTo', 'size-1 dims and new leading dims', (rng) => [bcast(rand(rng, [3, 1]), [2, 3, 4]), bcast(rand(rng, [1, 4, 1]), [3, 4, 2]), bcast(rand(rng, [1]), [5])]),
  check('broadcastTo', 'rank grows only', (rng) => [bcast(rand(rng, [4]), [3, 4]), bcast(rand(rng, [2, 3]), [2, 1, 2, 3])]),
  check('broadcastTo', 'same shape is a copy', (rng) => bcast(rand(rng, [3, 4]), [3, 4])),
  check('broadcastTo', 'to empty dims', (rng) => [bcast(rand(rng, [1, 3]), [0, 3]), bcast(lit([0], 'float32', []), [2, 0]), bcast(lit([], 'int32', [3]), [0])]),
  check('broadcastTo', 'int32, uint8, bool, float64', (rng) => OTHER_DTYPES.map((d) => bcast(rand(rng, [2, 1], d), [3, 2, 4]))),
  check('broadcastTo', 'NaN and ±Inf are copied', () => bcast(vec('float32', [NaN, Infinity, -Infinity]), [2, 3])),
  throws('broadcastTo', '[2, 3] to [4, 3]', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [2, 3]) }, attrs: { shape: [4, 3] } })),
];

export const padCases: ConformanceCase[] = [
  check('pad', 'constant, 1-D', (rng) => padded(rand(rng, [5]), [[2, 3]], 'constant')),
  check('pad', 'constant −Inf and NaN values, 2-D', (rng) => [padded(rand(rng, [3, 4]), [[1, 0], [2, 1]], 'constant', -Infinity), padded(rand(rng, [2, 2]), [[0, 1], [1, 0]], 'constant', NaN)]),
  check('pad', 'constant, spatial dims of NCHW', (rng) => padded(rand(rng, [2, 2, 3, 3]), [[0, 0], [0, 0], [1, 2], [2, 1]], 'constant', 1.5)),
  check('pad', 'zero pads copy, every mode', (rng) => allModes(rand(rng, [2, 3]), [[0, 0], [0, 0]])),
  check('pad', 'constant around empty dims', () => [padded(lit([0, 3], 'float32', []), [[1, 1], [0, 2]], 'constant', 7), padded(lit([2, 0], 'float32', []), [[0, 0], [0, 0]], 'reflect')]),
  check('pad', 'reflect, 1-D with pad = dim − 1', () => padded(vec('float32', [1, 2, 3, 4]), [[3, 3]], 'reflect')),
  check('pad', 'reflect, 2-D asymmetric', (rng) => padded(rand(rng, [3, 4]), [[2, 1], [0, 3]], 'reflect')),
  check('pad', 'reflect, spatial dims of NCHW', (rng) => padded(rand(rng, [1, 2, 4, 5]), [[0, 0], [0, 0], [1, 2], [3, 1]], 'reflect')),
  check('pad', 'replicate, pads larger than the dim', () => padded(vec('float32', [1, 2, 3]), [[5, 4]], 'replicate')),
  check('pad', 'replicate, dim of size 1', (rng) => padded(rand(rng, [1, 4]), [[2, 2], [1, 3]], 'replicate')),
  check('pad', 'replicate, spatial dims of NCHW', (rng) => padded(rand(rng, [2, 1, 3, 3]), [[0, 0], [0, 0], [2, 1], [1, 2]], 'replicate')),
  check('pad', 'int32, uint8, bool', (rng) => [...allModes(rand(rng, [3, 3], 'int32'), [[1, 2], [2, 1]], 7), ...allModes(rand(rng, [4], 'uint8'), [[2, 1]], 200), ...allModes(rand(rng, [2, 3], 'bool'), [[1, 1], [0, 2]], 1)]),
  check('pad', 'float64, every mode', (rng) => allModes(rand(rng, [3, 4], 'float64'), [[2, 0], [1, 3]], -2.5)),
  check('pad', 'scalar (no pads)', () => allModes(lit([], 'float32', [4]), [])),
  throws('pad', 'reflect pad as large as the dim', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [3]) }, attrs: { pads: [[0, 3]], mode: 'reflect', value: 0 } })),
  throws('pad', 'replicate an empty dim', 'ShapeError', () => ({ inputs: { x: lit([0, 2], 'float32', []) }, attrs: { pads: [[1, 0], [0, 0]], mode: 'replicate', value: 0 } })),
];

export const sliceCases: ConformanceCase[] = [
  check('slice', 'contiguous block', (rng) => sliced(rand(rng, [4, 5]), [1, 1], [2, 3], [1, 1])),
  check('slice', 'step 2', (rng) => sliced(rand(rng, [7, 6]), [0, 1], [4, 3], [2, 2])),
  check('slice', 'full reversal', (rng) => [sliced(rand(rng, [5]), [4], [5], [-1]), sliced(rand(rng, [3, 4]), [2, 3], [3, 4], [-1, -1])]),
  check('slice', 'negative steps with offsets', (rng) => sliced(rand(rng, [9, 4]), [7, 3], [3, 2], [-2, -3])),
  check('slice', 'mixed steps, rank 3', (rng) => sliced(rand(rng, [3, 5, 6]), [2, 0, 5], [2, 3, 3], [-1, 2, -2])),
  check('slice', 'size 0 and empty inputs', (rng) => [sliced(rand(rng, [4, 3]), [1, 0], [0, 3], [1, 1]), sliced(lit([0, 3], 'float32', []), [0, 1], [0, 2], [1, 1])]),
  check('slice', 'scalar', () => sliced(lit([], 'float32', [2]), [], [], [])),
  check('slice', 'single element, step larger than the dim', (rng) => [sliced(rand(rng, [5, 5]), [4, 4], [1, 1], [1, 1]), sliced(rand(rng, [5]), [3], [1], [10])]),
  check('slice', 'int32, uint8, bool, float64', (rng) => OTHER_DTYPES.map((d) => sliced(rand(rng, [4, 6], d), [3, 1], [2, 3], [-2, 2]))),
  throws('slice', 'reads past the end', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [4]) }, attrs: { begin: [2], size: [3], step: [1] } })),
  throws('slice', 'negative step reads before the start', 'ShapeError', (rng) => ({ inputs: { x: rand(rng, [4, 2]) }, attrs: { begin: [1, 0], size: [3, 2], step: [-1, 1] } })),
];

export const concatCases: ConformanceCase[] = [
  check('concat', 'axis 0, two inputs', (rng) => joined([rand(rng, [2, 3]), rand(rng, [4, 3])], 0)),
  check('concat', 'last axis, three inputs', (rng) => joined([rand(rng, [2, 1]), rand(rng, [2, 4]), rand(rng, [2, 2])], 1)),
  check('concat', 'middle axis, rank 4', (rng) => joined([rand(rng, [2, 1, 3, 2]), rand(rng, [2, 3, 3, 2])], 1)),
  check('concat', 'with empty pieces', (rng) => joined([lit([2, 0, 3], 'float32', []), rand(rng, [2, 2, 3]), lit([2, 0, 3], 'float32', [])], 1)),
  check('concat', 'single input', (rng) => joined([rand(rng, [3, 2])], 0)),
  check('concat', 'rank 1', (rng) => joined([rand(rng, [3]), lit([0], 'float32', []), rand(rng, [5])], 0)),
  check('concat', 'all inputs empty', () => [joined([lit([0, 2], 'float32', []), lit([0, 2], 'float32', [])], 0), joined([lit([3, 0], 'float32', []), lit([3, 0], 'float32', [])], 0)]),
  check('concat', 'int32, uint8, bool, float64', (rng) => OTHER_DTYPES.map((d) => joined([rand(rng, [2, 3], d), rand(rng, [2, 2], d), rand(rng, [2, 1], d)], 1))),
  check('concat', 'NaN and ±Inf are copied', () => joined([vec('float32', [NaN, 1]), withValues(vec('float32', [0, 0]), { 0: Infinity, 1: -Infinity })], 0)),
  throws('concat', 'other dims differ', 'ShapeError', (rng) => ({ inputs: { xs: [rand(rng, [2, 3]), rand(rng, [2, 4])] }, attrs: { axis: 0 } })),
];

/** Cases for `unary`: every op in its domain, each dtype it takes, extremes, NaN/±Inf, ties, empty. */
import type { DType } from '../../dtypes.js';
import type { UnaryOp } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { HostTensor } from '../host.js';
import type { Rng } from '../rng.js';
import type { ToleranceClass } from '../tolerance.js';
import { lit, rand, vec } from './data.js';

type FloatOp = Exclude<UnaryOp, 'logicalNot'>;

const EXACT: readonly UnaryOp[] = ['neg', 'abs', 'sign', 'relu', 'clamp', 'floor', 'ceil', 'round', 'trunc', 'logicalNot', 'isNaN', 'isInf', 'isFinite'];
const ARITHMETIC: readonly UnaryOp[] = ['square', 'sqrt', 'rsqrt', 'reciprocal', 'leakyRelu'];

function tolOf(op: UnaryOp): ToleranceClass {
  return EXACT.includes(op) ? 'exact' : ARITHMETIC.includes(op) ? 'arithmetic' : 'transcendental';
}

/** Attributes the parameterised ops get unless a case says otherwise. */
const PARAMS: Partial<Record<UnaryOp, { alpha: number; beta?: number }>> = {
  leakyRelu: { alpha: 0.2 },
  elu: { alpha: 1.3 },
  clamp: { alpha: -1, beta: 1.5 },
};

/** Where each float op is well defined and well conditioned. */
const DOMAIN: Record<FloatOp, [number, number]> = {
  neg: [-3, 3], abs: [-3, 3], sign: [-3, 3], square: [-3, 3], relu: [-3, 3],
  exp: [-10, 10], expm1: [-3, 3], log: [0.01, 100], log1p: [-0.99, 10],
  sqrt: [0, 100], rsqrt: [0.01, 100], reciprocal: [-10, 10],
  sin: [-10, 10], cos: [-10, 10], tan: [-1.4, 1.4], asin: [-0.99, 0.99], acos: [-0.99, 0.99], atan: [-10, 10],
  sinh: [-5, 5], cosh: [-5, 5], tanh: [-5, 5], asinh: [-10, 10], acosh: [1, 10], atanh: [-0.99, 0.99],
  sigmoid: [-10, 10], leakyRelu: [-3, 3], elu: [-3, 3], gelu: [-5, 5], softplus: [-20, 20], erf: [-4, 4], clamp: [-3, 3],
  floor: [-10, 10], ceil: [-10, 10], round: [-10, 10], trunc: [-10, 10],
  isNaN: [-3, 3], isInf: [-3, 3], isFinite: [-3, 3],
};

function op(opName: UnaryOp, x: HostTensor, params: { alpha?: number; beta?: number } | undefined = PARAMS[opName], label = `${opName} ${x.dtype}`): Check<'unary'> {
  return { label, inputs: { x }, attrs: { op: opName, ...params }, tol: tolOf(opName) };
}

function randomShape(rng: Rng): number[] {
  return rng.shape(rng.int(0, 3), 5);
}

function sweep(name: string, ops: readonly FloatOp[], dtype: DType = 'float32'): ConformanceCase {
  return check('unary', name, (rng) => ops.map((o) => op(o, rand(rng, randomShape(rng), dtype, ...DOMAIN[o]))));
}

/** Each op on the same list of special inputs. */
function specials(name: string, dtype: DType, table: [FloatOp[], number[]][]): ConformanceCase {
  return check('unary', name, () => table.flatMap(([ops, values]) => ops.map((o) => op(o, vec(dtype, values)))));
}

const NAN_INF = [NaN, Infinity, -Infinity];
const FLOAT_OPS = Object.keys(DOMAIN) as FloatOp[];

export const unaryCases: ConformanceCase[] = [
  sweep('float32 neg abs sign square relu', ['neg', 'abs', 'sign', 'square', 'relu']),
  sweep('float32 exp expm1 log log1p', ['exp', 'expm1', 'log', 'log1p']),
  sweep('float32 sqrt rsqrt reciprocal', ['sqrt', 'rsqrt', 'reciprocal']),
  sweep('float32 sin cos tan asin acos atan', ['sin', 'cos', 'tan', 'asin', 'acos', 'atan']),
  sweep('float32 sinh cosh tanh asinh acosh atanh', ['sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh']),
  sweep('float32 sigmoid leakyRelu elu gelu softplus erf', ['sigmoid', 'leakyRelu', 'elu', 'gelu', 'softplus', 'erf']),
  sweep('float32 floor ceil round trunc clamp', ['floor', 'ceil', 'round', 'trunc', 'clamp']),
  sweep('float64 every float op', FLOAT_OPS, 'float64'),
  check('unary', 'round half to even, floor/ceil/trunc at ties', () => {
    const x = vec('float32', [-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49999997, -0.49999997, 2.5000002, -7.0, 1e7 + 1]);
    return (['round', 'floor', 'ceil', 'trunc'] as const).map((o) => op(o, x));
  }),
  check('unary', 'clamp with infinite, equal and int32 bounds', (rng) => {
    const x = rand(rng, [3, 4], 'float32', -5, 5);
    return [
      op('clamp', x, { alpha: -Infinity, beta: 0.5 }, 'clamp (−Inf, 0.5)'),
      op('clamp', x, { alpha: -0.5, beta: Infinity }, 'clamp (−0.5, Inf)'),
      op('clamp', x, { alpha: 1, beta: 1 }, 'clamp (1, 1)'),
      op('clamp', rand(rng, [7], 'int32'), { alpha: -3, beta: 4 }, 'clamp int32 (−3, 4)'),
      op('clamp', rand(rng, [7], 'int32'), { alpha: -Infinity, beta: 2 }, 'clamp int32 (−Inf, 2)'),
    ];
  }),
  check('unary', 'leakyRelu and elu alpha values', (rng) => {
    const x = rand(rng, [2, 9], 'float32', -4, 4);
    return [0, 1, 2.5].flatMap((alpha) => [op('leakyRelu', x, { alpha }, `leakyRelu α=${alpha}`), op('elu', x, { alpha }, `elu α=${alpha}`)]);
  }),
  check('unary', 'omitted alpha/beta take the defaults', (rng) => {
    const x = rand(rng, [11], 'float32', -4, 4);
    return [op('leakyRelu', x, {}, 'leakyRelu (α = 0.01)'), op('elu', x, {}, 'elu (α = 1)'), op('clamp', x, {}, 'clamp (unbounded)'), op('clamp', x, { alpha: -1 }, 'clamp (−1, unbounded)'), op('clamp', x, { beta: 1 }, 'clamp (unbounded, 1)')];
  }),
  check('unary', 'int32 neg abs sign square relu clamp', (rng) =>
    (['neg', 'abs', 'sign', 'square', 'relu', 'clamp'] as const).map((o) => op(o, rand(rng, randomShape(rng), 'int32', -1000, 1000), o === 'clamp' ? { alpha: -300, beta: 200 } : undefined)),
  ),
  check('unary', 'bool logicalNot', (rng) => [op('logicalNot', rand(rng, [4, 5], 'bool')), op('logicalNot', lit([], 'bool', [1]), undefined, 'logicalNot scalar')]),
  check('unary', 'isNaN isInf isFinite', () =>
    (['float32', 'float64'] as const).flatMap((dtype) => {
      const x = vec(dtype, [NaN, Infinity, -Infinity, 0, -1, 1e30, -3e38, 2.5, -NaN]);
      return (['isNaN', 'isInf', 'isFinite'] as const).map((o) => op(o, x));
    }),
  ),
  check('unary', 'scalars and empty shapes', () => [
    op('exp', lit([], 'float32', [0.5]), undefined, 'exp scalar'),
    op('neg', lit([], 'int32', [7]), undefined, 'neg int32 scalar'),
    op('sqrt', lit([0], 'float32', []), undefined, 'sqrt [0]'),
    op('tanh', lit([2, 0, 3], 'float32', []), undefined, 'tanh [2, 0, 3]'),
    op('abs', lit([0, 4], 'int32', []), undefined, 'abs int32 [0, 4]'),
    op('logicalNot', lit([3, 0], 'bool', []), undefined, 'logicalNot [3, 0]'),
    op('isNaN', lit([0], 'float32', []), undefined, 'isNaN [0]'),
  ]),
  specials('extremes ±1e30 and ±3e38', 'float32', [
    [['neg', 'abs', 'sign', 'relu', 'square', 'floor', 'ceil', 'round', 'trunc', 'clamp', 'leakyRelu', 'elu'], [1e30, -1e30, 1e-30, -1e-30, 0, 3e38, -3e38]],
    [['exp', 'sigmoid', 'tanh', 'softplus', 'atan', 'erf', 'gelu'], [1e30, -1e30, 1e-30, -1e-30, 0]],
    [['sqrt', 'rsqrt', 'log'], [1e30, 1e-30, 3e38]],
    [['reciprocal'], [1e30, -1e30, 1e-30, -1e-30]],
  ]),
  specials('near exp overflow float32', 'float32', [
    [['exp', 'expm1'], [88, 88.5, 89, 100, -87, -100, -104]],
    [['sinh', 'cosh', 'tanh', 'sigmoid', 'softplus'], [88.5, -88.5, 90, -90, 1e4, -1e4]],
    [['elu'], [-88.5, -1e4]],
  ]),
  specials('near exp overflow float64', 'float64', [
    [['exp', 'expm1'], [709, 709.7, 710, -740, -746]],
    [['sinh', 'cosh', 'tanh', 'sigmoid', 'softplus'], [709, -709, 711, -711, 1e6, -1e6]],
  ]),
  specials('NaN and ±Inf propagation', 'float32', [
    [['neg', 'abs', 'square', 'exp', 'expm1', 'sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'sigmoid', 'leakyRelu', 'elu', 'softplus', 'erf', 'clamp', 'floor', 'ceil', 'round', 'trunc'], NAN_INF],
    [['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'acosh'], [NaN, Infinity]],
    [['asin', 'acos', 'atanh'], [NaN]],
  ]),
  throws('unary', 'float-only op on int32', 'DTypeError', (rng) => ({ inputs: { x: rand(rng, [3], 'int32') }, attrs: { op: 'exp' } })),
  throws('unary', 'logicalNot on float32', 'DTypeError', (rng) => ({ inputs: { x: rand(rng, [3]) }, attrs: { op: 'logicalNot' } })),
];

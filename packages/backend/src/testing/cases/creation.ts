/** Cases for `cast`, `fill` and `random`. */
import type { DType } from '../../dtypes.js';
import { DTYPES } from '../../dtypes.js';
import { CaseFailure, check, custom, type CaseContext, type Check, type ConformanceCase } from '../case.js';
import type { HostTensor } from '../host.js';
import { lit, rand, vec } from './data.js';

/** Values worth converting from each dtype: fractions both signs, ties, range edges. */
const SOURCE_VALUES: Record<DType, number[]> = {
  float32: [0, -0, 1, -1, 2.7, -2.7, 0.5, -0.5, 254.9, 255.5, 256, -1.5, 1e10, -1e10, 2147483520, -2147483648, 1e30],
  float64: [0, -0, 1, -1, 2.7, -2.7, 0.5, -0.5, 254.9, 255.5, 256, -1.5, 1e10, -1e10, 2147483647.9, -2147483648.9, 0.1, 1 + 2 ** -30, 1e39, 1e-50],
  int32: [0, 1, -1, 7, 255, 256, -300, 2147483647, -2147483648, 16777217],
  uint8: [0, 1, 127, 128, 255],
  bool: [0, 1],
};

function castTo(x: HostTensor, dtype: DType): Check<'cast'> {
  return { label: `${x.dtype} → ${dtype}`, inputs: { x }, attrs: { dtype }, tol: 'exact' };
}

function fillOf(shape: number[], dtype: DType, value: number): Check<'fill'> {
  return { label: `${dtype} ${JSON.stringify(shape)} = ${value}`, inputs: {}, attrs: { shape, dtype, value }, tol: 'exact' };
}

function rnd(shape: number[], dtype: 'float32' | 'float64', distribution: 'uniform' | 'normal', a: number, b: number, seed: number): Check<'random'> {
  return {
    label: `${distribution} ${dtype} ${JSON.stringify(shape)} a=${a} b=${b} seed=${seed}`,
    inputs: {},
    attrs: { shape, dtype, distribution, a, b, seed },
    tol: distribution === 'uniform' ? 'arithmetic' : 'transcendental',
  };
}

/** `n` float32 draws from uniform [0, 1) or the standard normal. */
async function draw(ctx: CaseContext, distribution: 'uniform' | 'normal', n: number): Promise<Float64Array> {
  const out = ctx.run('random', {}, { shape: [n], dtype: 'float32', distribution, a: 0, b: 1, seed: 2024 });
  return Float64Array.from((await ctx.download(out)).data);
}

function stats(values: Float64Array): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  let q = 0;
  for (const v of values) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / values.length), min: Math.min(...values), max: Math.max(...values) };
}

function near(what: string, got: number, want: number, tol: number): void {
  if (!(Math.abs(got - want) <= tol)) throw new CaseFailure(`${what} is ${got}, expected ${want} ± ${tol}`);
}

export const castCases: ConformanceCase[] = [
  ...(['float32', 'float64', 'int32', 'uint8', 'bool'] as const).map((from) =>
    check('cast', `from ${from} to every dtype`, () => DTYPES.map((to) => castTo(vec(from, SOURCE_VALUES[from]), to))),
  ),
  check('cast', 'NaN and ±Inf to every dtype', () =>
    (['float32', 'float64'] as const).flatMap((from) => DTYPES.map((to) => castTo(vec(from, [NaN, Infinity, -Infinity, -NaN]), to))),
  ),
  check('cast', 'random floats truncate toward zero', (rng) => [castTo(rand(rng, [3, 4, 5], 'float32', -1000, 1000), 'int32'), castTo(rand(rng, [40], 'float64', -10, 300), 'uint8')]),
  check('cast', 'scalar and empty shapes', () => [castTo(lit([], 'float32', [-3.9]), 'int32'), castTo(lit([0, 2], 'int32', []), 'float32'), castTo(lit([0], 'float64', []), 'bool')]),
];

export const fillCases: ConformanceCase[] = [
  check('fill', 'float32 value rounds to float32', () => fillOf([2, 3], 'float32', 0.1)),
  check('fill', 'every dtype', () => [fillOf([4], 'float64', 1 / 3), fillOf([4], 'int32', -5), fillOf([4], 'uint8', 200), fillOf([4], 'bool', 1), fillOf([4], 'bool', 0)]),
  check('fill', 'NaN and ±Inf', () => [fillOf([3], 'float32', NaN), fillOf([3], 'float32', Infinity), fillOf([3], 'float64', -Infinity)]),
  check('fill', 'large and extreme int values', () => [fillOf([2], 'float32', 1e30), fillOf([2], 'float32', -0), fillOf([2], 'int32', 2147483647), fillOf([2], 'int32', -2147483648)]),
  check('fill', 'empty shapes', () => [fillOf([0], 'float32', 1), fillOf([3, 0], 'int32', 2)]),
  check('fill', 'scalar shape', () => [fillOf([], 'float32', 2.5), fillOf([], 'bool', 1)]),
  check('fill', 'rank 4', () => fillOf([2, 3, 4, 5], 'float32', -2)),
];

export const randomCases: ConformanceCase[] = [
  check('random', 'uniform float32 [0, 1) stream', () => rnd([1000], 'float32', 'uniform', 0, 1, 42)),
  check('random', 'uniform [−1, 3), rank 2', () => rnd([10, 10], 'float32', 'uniform', -1, 3, 7)),
  check('random', 'normal float32, mean 2, std 0.5', () => rnd([500], 'float32', 'normal', 2, 0.5, 123)),
  check('random', 'float64 uniform and normal', () => [rnd([200], 'float64', 'uniform', -5, 5, 9), rnd([200], 'float64', 'normal', 0, 1, 9)]),
  check('random', 'seeds 0, 1 and 2³² − 1', () => [0, 1, 4294967295].flatMap((seed) => [rnd([64], 'float32', 'uniform', 0, 1, seed), rnd([64], 'float32', 'normal', 0, 1, seed)])),
  check('random', 'element i depends only on (seed, i), any shape', () => [rnd([2, 3, 4], 'float32', 'uniform', 0, 1, 5), rnd([24], 'float32', 'normal', 0, 1, 5)]),
  check('random', 'scalar and empty shapes', () => [rnd([], 'float32', 'uniform', 0, 1, 3), rnd([0, 4], 'float32', 'normal', 0, 1, 3)]),
  custom('random', 'large draw: range, mean and std', ['float32'], async (ctx) => {
    const n = 20000;
    const u = stats(await draw(ctx, 'uniform', n));
    if (u.min < 0 || u.max >= 1) throw new CaseFailure(`uniform [0, 1) drew values in [${u.min}, ${u.max}]`);
    near('uniform mean', u.mean, 0.5, 0.01);
    near('uniform std', u.std, Math.sqrt(1 / 12), 0.01);
    const z = stats(await draw(ctx, 'normal', n));
    if (!Number.isFinite(z.min) || !Number.isFinite(z.max)) throw new CaseFailure(`normal drew a non-finite value (${z.min}, ${z.max})`);
    near('normal mean', z.mean, 0, 0.03);
    near('normal std', z.std, 1, 0.03);
    return undefined;
  }),
];

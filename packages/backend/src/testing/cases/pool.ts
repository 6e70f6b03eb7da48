/** Cases for max/avg pooling and their backward kernels, over one shared list of geometries. */
import type { DType } from '../../dtypes.js';
import type { Pads2d, Pair, Pool2dAttrs } from '../../kernels.js';
import { check, type Check, type ConformanceCase } from '../case.js';
import { windowCount } from '../reference/conv.js';
import { avgPool2d } from '../reference/pool.js';
import type { Rng } from '../rng.js';
import { host, hostSize, type HostTensor } from '../host.js';
import { pickFrom, rand } from './data.js';

interface PoolConfig {
  name: string;
  x: [number, number, number, number];
  kernel: Pair;
  stride?: Pair;
  pads?: Pads2d;
  dilation?: Pair;
  dtype?: DType;
}

const CONFIGS: PoolConfig[] = [
  { name: '2×2, stride 2', x: [2, 3, 6, 6], kernel: [2, 2], stride: [2, 2] },
  { name: '3×3, stride 1, pads 1 (overlapping)', x: [1, 2, 5, 5], kernel: [3, 3], pads: [1, 1, 1, 1] },
  { name: '3×3, stride 2, asymmetric pads [1, 0, 0, 1]', x: [1, 2, 7, 6], kernel: [3, 3], stride: [2, 2], pads: [1, 0, 0, 1] },
  { name: 'dilation 2, pads 2', x: [1, 2, 7, 7], kernel: [3, 3], dilation: [2, 2], pads: [2, 2, 2, 2] },
  { name: 'non-square [2, 3], stride [2, 1], pads [1, 1, 0, 1]', x: [1, 1, 5, 6], kernel: [2, 3], stride: [2, 1], pads: [1, 1, 0, 1] },
  { name: '1×1 kernel, stride 2', x: [1, 2, 5, 5], kernel: [1, 1], stride: [2, 2] },
  { name: 'odd sizes, stride 3, pads 1', x: [2, 1, 8, 7], kernel: [3, 3], stride: [3, 3], pads: [1, 1, 1, 1] },
  { name: 'batch of 0', x: [0, 2, 4, 4], kernel: [2, 2], stride: [2, 2] },
  { name: 'float64, stride 2, pads 1', x: [1, 2, 5, 5], kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], dtype: 'float64' },
];

function attrsOf(c: PoolConfig): Pool2dAttrs {
  return { kernel: c.kernel, stride: c.stride ?? [1, 1], pads: c.pads ?? [0, 0, 0, 0], dilation: c.dilation ?? [1, 1] };
}

function outShape(c: PoolConfig): number[] {
  const a = attrsOf(c);
  return [
    c.x[0],
    c.x[1],
    windowCount(c.x[2], a.pads[0] + a.pads[2], a.kernel[0], a.stride[0], a.dilation[0]),
    windowCount(c.x[3], a.pads[1] + a.pads[3], a.kernel[1], a.stride[1], a.dilation[1]),
  ];
}

/** Guards the case list itself: a window made only of padding has no defined average or max. */
function assertNoEmptyWindow(c: PoolConfig): void {
  const ones = host(c.x, 'float64', new Float64Array(hostSize(c.x)).fill(1));
  if (avgPool2d({ x: ones }, { ...attrsOf(c), countIncludePad: false }).data.some(Number.isNaN)) throw new Error(`pool case '${c.name}' has a window of padding only`);
}

/** Windows overlapping one input element at most (the accumulation length of the backward kernels). */
function overlap(c: PoolConfig): number {
  const a = attrsOf(c);
  return Math.ceil(a.kernel[0] / a.stride[0]) * Math.ceil(a.kernel[1] / a.stride[1]);
}

function forConfigs<K extends 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' | 'avgPool2dBackward'>(
  kernel: K,
  make: (c: PoolConfig, rng: Rng, dtype: DType) => Check<K> | Check<K>[],
): ConformanceCase[] {
  return CONFIGS.map((c) =>
    check(kernel, c.name, (rng) => {
      assertNoEmptyWindow(c);
      return make(c, rng, c.dtype ?? 'float32');
    }),
  );
}

function withCountIncludePad<T>(fn: (countIncludePad: boolean) => T): T[] {
  return [true, false].map(fn);
}

function label(countIncludePad: boolean): string {
  return countIncludePad ? 'countIncludePad' : 'excluding pads';
}

export const poolingCases: ConformanceCase[] = [
  ...forConfigs('maxPool2d', (c, rng, dtype) => ({ inputs: { x: rand(rng, c.x, dtype) }, attrs: attrsOf(c), tol: 'exact' })),
  check('maxPool2d', 'ties, ±1e30 and −Inf values', (rng) => {
    const x: HostTensor = pickFrom(rng, [1, 2, 6, 6], 'float32', [-Infinity, -1e30, 0, 2, 1e30]);
    return [{ inputs: { x }, attrs: attrsOf({ name: '', x: [1, 2, 6, 6], kernel: [3, 3], pads: [1, 1, 1, 1] }), tol: 'exact' }];
  }),
  ...forConfigs('maxPool2dBackward', (c, rng, dtype) => ({
    // x from a few values, so windows have tied maxima and the first one must win
    inputs: { dy: rand(rng, outShape(c), dtype), x: pickFrom(rng, c.x, dtype, [0, 1, 2, 3]) },
    attrs: attrsOf(c),
    tol: 'accumulate',
    length: overlap(c),
    magnitude: false,
  })),
  ...forConfigs('avgPool2d', (c, rng, dtype) =>
    withCountIncludePad((countIncludePad) => ({
      label: label(countIncludePad),
      inputs: { x: rand(rng, c.x, dtype) },
      attrs: { ...attrsOf(c), countIncludePad },
      tol: 'accumulate',
      length: c.kernel[0] * c.kernel[1],
    })),
  ),
  ...forConfigs('avgPool2dBackward', (c, rng, dtype) =>
    withCountIncludePad((countIncludePad) => ({
      label: label(countIncludePad),
      inputs: { dy: rand(rng, outShape(c), dtype) },
      attrs: { ...attrsOf(c), countIncludePad, inputShape: c.x },
      tol: 'accumulate',
      length: overlap(c),
    })),
  ),
];

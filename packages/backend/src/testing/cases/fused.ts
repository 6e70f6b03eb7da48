/**
 * Cases for the optional fused kernels (`OPTIONAL_KERNEL_NAMES`), skipped on backends without
 * them: bias or none, relu or none, thin and batched shapes, float64, and bad biases.
 */
import type { DType } from '../../dtypes.js';
import type { Conv2dAttrs, FusedActivation } from '../../kernels.js';
import { check, throws, type Check, type ConformanceCase } from '../case.js';
import type { Rng } from '../rng.js';
import { rand } from './data.js';
import { mm, type MatmulShape } from './matmul.js';

interface FusedMatmulShape extends MatmulShape {
  bias?: boolean;
  activation?: FusedActivation;
}

/** matmul's check (matmul.ts) with a bias [N] (unless `bias: false`) and an activation (default relu). */
function fmm(rng: Rng, s: FusedMatmulShape): Check<'fusedMatmul'> {
  const { bias = true, activation = 'relu', dtype = 'float32' } = s;
  const base = mm(rng, s);
  const inputs = bias ? { ...base.inputs, bias: rand(rng, [s.n], dtype) } : base.inputs;
  const label = `${base.label}${bias ? ' + bias' : ''}, ${activation}`;
  return { ...base, label, inputs, attrs: { ...base.attrs, activation }, length: s.k + 1 };
}

const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

export const fusedMatmulCases: ConformanceCase[] = [
  check('fusedMatmul', 'bias and relu, all four transpose combinations', (rng) => FLAGS.map(([tA, tB]) => fmm(rng, { m: 6, k: 9, n: 5, tA, tB }))),
  check('fusedMatmul', 'relu without bias, bias without activation', (rng) => [fmm(rng, { m: 7, k: 13, n: 9, bias: false }), fmm(rng, { m: 7, k: 13, n: 9, activation: 'none' })]),
  check('fusedMatmul', 'one row times a transposed matrix (a dense layer at batch 1)', (rng) => [
    fmm(rng, { m: 1, k: 37, n: 19, tB: true }), fmm(rng, { m: 1, k: 3, n: 6, tB: true }), fmm(rng, { m: 2, k: 40, n: 21 }), fmm(rng, { m: 3, k: 9, n: 5, tA: true, tB: true }),
  ]),
  check('fusedMatmul', 'one or two columns', (rng) => [fmm(rng, { m: 9, k: 13, n: 1 }), fmm(rng, { m: 11, k: 6, n: 2, tB: true }), fmm(rng, { m: 5, k: 2, n: 3 })]),
  check('fusedMatmul', 'batch dims broadcast [3, 1] with [2]', (rng) => FLAGS.map(([tA, tB]) => fmm(rng, { m: 4, k: 5, n: 6, batchA: [3, 1], batchB: [2], tA, tB }))),
  check('fusedMatmul', '33×70 times 70×40 (past the micro-kernel tiles)', (rng) => [fmm(rng, { m: 33, k: 70, n: 40 }), fmm(rng, { m: 33, k: 70, n: 40, tB: true })]),
  check('fusedMatmul', 'K = 0 gives act(bias); empty M', (rng) => [fmm(rng, { m: 3, k: 0, n: 4 }), fmm(rng, { m: 0, k: 3, n: 4 })]),
  check('fusedMatmul', 'float64', (rng) => FLAGS.map(([tA, tB]) => fmm(rng, { m: 5, k: 7, n: 3, tA, tB, dtype: 'float64', batchA: [2] }))),
  throws('fusedMatmul', 'bias of the wrong length', 'ShapeError', (rng) => ({
    inputs: { a: rand(rng, [2, 3]), b: rand(rng, [3, 4]), bias: rand(rng, [3]) }, attrs: { transposeA: false, transposeB: false, activation: 'relu' },
  })),
  throws('fusedMatmul', 'bias of another dtype', 'DTypeError', (rng) => ({
    inputs: { a: rand(rng, [2, 3]), b: rand(rng, [3, 4]), bias: rand(rng, [4], 'float64') }, attrs: { transposeA: false, transposeB: false, activation: 'none' },
  })),
];

interface FusedConvConfig {
  name: string;
  /** [N, C, H, W] */
  x: [number, number, number, number];
  out: number;
  kernel: [number, number];
  attrs?: Partial<Conv2dAttrs>;
  bias?: boolean;
  activation?: FusedActivation;
  dtype?: DType;
}

const CONV_CONFIGS: FusedConvConfig[] = [
  { name: 'LeNet first layer at batch 1: 5×5, pads 2, bias, relu', x: [1, 1, 12, 12], out: 6, kernel: [5, 5], attrs: { pads: [2, 2, 2, 2] } },
  { name: 'batch of 3, 3×3, pads 1, bias, relu', x: [3, 4, 7, 6], out: 5, kernel: [3, 3], attrs: { pads: [1, 1, 1, 1] } },
  { name: 'relu without bias', x: [2, 3, 6, 6], out: 4, kernel: [3, 3], bias: false },
  { name: 'bias without activation, stride 2', x: [2, 2, 7, 7], out: 3, kernel: [3, 3], attrs: { stride: [2, 2], pads: [1, 1, 1, 1] }, activation: 'none' },
  { name: 'groups 2, dilation 2', x: [2, 4, 8, 8], out: 6, kernel: [3, 3], attrs: { groups: 2, dilation: [2, 2], pads: [2, 2, 2, 2] } },
  { name: '1×1 kernel (pointwise)', x: [2, 5, 4, 3], out: 3, kernel: [1, 1] },
  { name: 'batch of 0', x: [0, 2, 5, 5], out: 3, kernel: [3, 3] },
  { name: 'float64, groups 2, stride 2', x: [2, 4, 7, 6], out: 4, kernel: [3, 2], attrs: { stride: [2, 2], pads: [1, 0, 1, 1], groups: 2 }, dtype: 'float64' },
];

function convAttrs(c: FusedConvConfig): Conv2dAttrs {
  return { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1, ...c.attrs };
}

export const fusedConv2dCases: ConformanceCase[] = [
  ...CONV_CONFIGS.map((c) =>
    check('fusedConv2d', c.name, (rng) => {
      const attrs = convAttrs(c);
      const dtype = c.dtype ?? 'float32';
      const cg = c.x[1] / attrs.groups;
      const x = rand(rng, c.x, dtype), w = rand(rng, [c.out, cg, ...c.kernel], dtype);
      const inputs = c.bias === false ? { x, w } : { x, w, bias: rand(rng, [c.out], dtype) };
      return { inputs, attrs: { ...attrs, activation: c.activation ?? 'relu' }, tol: 'accumulate', length: cg * c.kernel[0] * c.kernel[1] + 1 };
    }),
  ),
  throws('fusedConv2d', 'bias of the wrong length', 'ShapeError', (rng) => ({
    inputs: { x: rand(rng, [1, 2, 5, 5]), w: rand(rng, [3, 2, 3, 3]), bias: rand(rng, [2]) },
    attrs: { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1, activation: 'relu' },
  })),
];

/**
 * Cases for `conv2d`, its two backward kernels and `conv2dTranspose`. The forward and backward
 * kernels share one list of configurations, so each geometry is checked in all three directions.
 */
import type { DType } from '../../dtypes.js';
import type { Conv2dAttrs, Pads2d, Pair } from '../../kernels.js';
import { check, throws, type ConformanceCase } from '../case.js';
import { windowCount } from '../reference/conv.js';
import { rand } from './data.js';

interface ConvConfig {
  name: string;
  /** [N, C, H, W] */
  x: [number, number, number, number];
  out: number;
  kernel: Pair;
  stride?: Pair;
  pads?: Pads2d;
  dilation?: Pair;
  groups?: number;
  dtype?: DType;
}

const CONFIGS: ConvConfig[] = [
  { name: '3×3, stride 1, pads 1', x: [2, 3, 6, 7], out: 4, kernel: [3, 3], pads: [1, 1, 1, 1] },
  { name: 'stride 2, asymmetric pads [0, 1, 2, 1]', x: [1, 2, 7, 6], out: 3, kernel: [3, 3], stride: [2, 2], pads: [0, 1, 2, 1] },
  { name: 'stride 2, last rows never covered', x: [1, 2, 8, 8], out: 2, kernel: [3, 3], stride: [2, 2] },
  { name: 'dilation 2, pads 2', x: [1, 2, 8, 9], out: 3, kernel: [3, 3], dilation: [2, 2], pads: [2, 2, 2, 2] },
  { name: 'dilation [1, 3], stride [2, 1]', x: [1, 2, 7, 10], out: 2, kernel: [2, 3], stride: [2, 1], dilation: [1, 3], pads: [1, 0, 0, 2] },
  { name: 'groups 2', x: [2, 4, 5, 5], out: 6, kernel: [3, 3], pads: [1, 1, 1, 1], groups: 2 },
  { name: 'depthwise', x: [1, 3, 6, 6], out: 3, kernel: [3, 3], pads: [1, 1, 1, 1], groups: 3 },
  { name: 'depthwise, multiplier 2, stride 2', x: [2, 4, 7, 7], out: 8, kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], groups: 4 },
  { name: '1×1 kernel', x: [2, 5, 4, 3], out: 3, kernel: [1, 1] },
  { name: '1×1 kernel, stride 2', x: [1, 3, 5, 5], out: 2, kernel: [1, 1], stride: [2, 2] },
  { name: 'non-square 2×3 kernel and input, stride [1, 2]', x: [1, 2, 5, 8], out: 3, kernel: [2, 3], stride: [1, 2], pads: [0, 1, 1, 0] },
  { name: 'kernel as large as the padded input', x: [1, 1, 3, 3], out: 2, kernel: [5, 5], pads: [1, 1, 1, 1] },
  { name: 'stride larger than the kernel', x: [1, 2, 9, 9], out: 2, kernel: [2, 2], stride: [3, 3] },
  { name: 'more channels: 8 → 16, 10×10', x: [1, 8, 10, 10], out: 16, kernel: [3, 3], pads: [1, 1, 1, 1] },
  { name: 'batch of 0', x: [0, 2, 5, 5], out: 3, kernel: [3, 3] },
  { name: 'zero input channels', x: [1, 0, 4, 4], out: 2, kernel: [3, 3], pads: [1, 1, 1, 1] },
  { name: 'float64, stride 2, groups 2', x: [1, 4, 7, 6], out: 4, kernel: [3, 2], stride: [2, 2], pads: [1, 0, 1, 1], groups: 2, dtype: 'float64' },
];

function attrsOf(c: ConvConfig): Conv2dAttrs {
  return { stride: c.stride ?? [1, 1], pads: c.pads ?? [0, 0, 0, 0], dilation: c.dilation ?? [1, 1], groups: c.groups ?? 1 };
}

function geometry(c: ConvConfig) {
  const a = attrsOf(c);
  const [n, ch, h, w] = c.x;
  const filter = [c.out, ch / a.groups, ...c.kernel];
  const oh = windowCount(h, a.pads[0] + a.pads[2], c.kernel[0], a.stride[0], a.dilation[0]);
  const ow = windowCount(w, a.pads[1] + a.pads[3], c.kernel[1], a.stride[1], a.dilation[1]);
  return { attrs: a, filter, dyShape: [n, c.out, oh, ow], perOutput: (ch / a.groups) * c.kernel[0] * c.kernel[1] };
}

const conv2dCases = CONFIGS.map((c) =>
  check('conv2d', c.name, (rng) => {
    const g = geometry(c);
    const dtype = c.dtype ?? 'float32';
    return { inputs: { x: rand(rng, c.x, dtype), w: rand(rng, g.filter, dtype) }, attrs: g.attrs, tol: 'accumulate', length: g.perOutput };
  }),
);

const backpropInputCases = CONFIGS.map((c) =>
  check('conv2dBackpropInput', c.name, (rng) => {
    const g = geometry(c);
    const dtype = c.dtype ?? 'float32';
    const length = (c.out / g.attrs.groups) * c.kernel[0] * c.kernel[1];
    return { inputs: { dy: rand(rng, g.dyShape, dtype), w: rand(rng, g.filter, dtype) }, attrs: { ...g.attrs, inputShape: c.x }, tol: 'accumulate', length };
  }),
);

const backpropFilterCases = CONFIGS.map((c) =>
  check('conv2dBackpropFilter', c.name, (rng) => {
    const g = geometry(c);
    const dtype = c.dtype ?? 'float32';
    const length = g.dyShape[0]! * g.dyShape[2]! * g.dyShape[3]!;
    return { inputs: { x: rand(rng, c.x, dtype), dy: rand(rng, g.dyShape, dtype) }, attrs: { ...g.attrs, filterShape: g.filter }, tol: 'accumulate', length };
  }),
);

export const convCases: ConformanceCase[] = [
  ...conv2dCases,
  throws('conv2d', 'input channels do not match the weight', 'ShapeError', (rng) => ({
    inputs: { x: rand(rng, [1, 3, 5, 5]), w: rand(rng, [2, 2, 3, 3]) },
    attrs: { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 },
  })),
  ...backpropInputCases,
  ...backpropFilterCases,
];

interface TransposeConfig {
  name: string;
  /** [N, Cin, H, W] */
  x: [number, number, number, number];
  outPerGroup: number;
  kernel: Pair;
  stride?: Pair;
  pads?: Pads2d;
  dilation?: Pair;
  groups?: number;
  outputPadding?: Pair;
  dtype?: DType;
}

const TRANSPOSE_CONFIGS: TransposeConfig[] = [
  { name: 'stride 1, no padding', x: [1, 2, 4, 4], outPerGroup: 3, kernel: [3, 3] },
  { name: 'stride 2, pads 1, outputPadding 1', x: [2, 3, 4, 5], outPerGroup: 2, kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1] },
  { name: 'asymmetric pads [1, 0, 0, 2]', x: [1, 2, 5, 4], outPerGroup: 2, kernel: [3, 3], stride: [2, 2], pads: [1, 0, 0, 2] },
  { name: 'dilation 2', x: [1, 2, 4, 4], outPerGroup: 2, kernel: [3, 3], dilation: [2, 2], pads: [1, 1, 1, 1] },
  { name: 'groups 2, stride 2', x: [1, 4, 3, 3], outPerGroup: 3, kernel: [3, 3], stride: [2, 2], groups: 2 },
  { name: 'depthwise, stride 2, outputPadding 1', x: [1, 3, 4, 4], outPerGroup: 1, kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], groups: 3, outputPadding: [1, 1] },
  { name: '1×1 kernel, stride 2 (holes)', x: [1, 3, 3, 3], outPerGroup: 2, kernel: [1, 1], stride: [2, 2], outputPadding: [1, 0] },
  { name: 'non-square kernel and stride', x: [1, 2, 3, 5], outPerGroup: 2, kernel: [2, 3], stride: [1, 2], outputPadding: [0, 1] },
  { name: 'outputPadding below dilation, stride 1', x: [1, 2, 3, 3], outPerGroup: 2, kernel: [2, 2], dilation: [2, 2], outputPadding: [1, 1] },
  { name: 'batch of 0', x: [0, 2, 3, 3], outPerGroup: 2, kernel: [3, 3], stride: [2, 2] },
  { name: 'float64, groups 2, pads', x: [2, 2, 4, 3], outPerGroup: 2, kernel: [3, 2], stride: [2, 1], pads: [1, 0, 1, 1], groups: 2, dtype: 'float64' },
];

export const conv2dTransposeCases: ConformanceCase[] = [
  ...TRANSPOSE_CONFIGS.map((c) =>
    check('conv2dTranspose', c.name, (rng) => {
      const groups = c.groups ?? 1;
      const dtype = c.dtype ?? 'float32';
      const attrs = { stride: c.stride ?? [1, 1], pads: c.pads ?? [0, 0, 0, 0], dilation: c.dilation ?? [1, 1], groups, outputPadding: c.outputPadding ?? [0, 0] } as const;
      const w = rand(rng, [c.x[1], c.outPerGroup, ...c.kernel], dtype);
      return { inputs: { x: rand(rng, c.x, dtype), w }, attrs, tol: 'accumulate', length: (c.x[1] / groups) * c.kernel[0] * c.kernel[1] };
    }),
  ),
  throws('conv2dTranspose', 'weight channels do not match the input', 'ShapeError', (rng) => ({
    inputs: { x: rand(rng, [1, 3, 4, 4]), w: rand(rng, [2, 2, 3, 3]) },
    attrs: { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1, outputPadding: [0, 0] },
  })),
];

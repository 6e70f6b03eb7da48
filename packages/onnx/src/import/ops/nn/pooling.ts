/**
 * MaxPool (with its Indices output), AveragePool and LpPool over 1 to 3 spatial dims. Every pool
 * pads its input explicitly to exactly the windows ONNX defines (pads, auto_pad, ceil_mode), then
 * pools without padding on the 2-D kernels (3-D windows separably: max and mean factor over dims);
 * averages get their divisor from a host-computed count map.
 */
import { abs, argmax, add, avgPool2d, cast, conv2d, flatten, full, indexSelect, maxPool2d, mul, pad, pow, reshape, slice, stack, tensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { checkSize, constantLike, floatInput, guard, lift2d, lower2d, pair, spatialRankOf } from './common.js';
import { readWindow, span, torchPadOrder, windowOutSizes, windowPads } from './window.js';
import type { Window } from './window.js';

/** A pool over the spatial dims of x: its window, begin pads, output sizes and the end pads that fit the windows exactly. */
interface PoolPlan {
  readonly spatial: number;
  readonly win: Window;
  readonly inSizes: readonly number[];
  readonly begin: readonly number[];
  /** The `pads` end values (count_include_pad counts these). */
  readonly end: readonly number[];
  /** End pads that make the last window end at the input's end (ceil mode adds, floor mode may crop). */
  readonly fitEnd: readonly number[];
  readonly out: readonly number[];
}

/** One 2-D window reduction without padding: x4 [N, C, H, W] → [N, C, OH, OW]. */
type Pool2d = (x4: Tensor, kernel: [number, number], stride: [number, number], dilation: [number, number]) => Tensor;

function planPool(ctx: OpContext, x: Tensor, what: string): PoolPlan {
  const spatial = spatialRankOf(ctx, x, what, 3);
  const win = readWindow(ctx, spatial);
  const inSizes = x.shape.slice(2);
  const pads = windowPads(ctx, inSizes, win);
  const ceil = ctx.attrs.int('ceil_mode', 0) !== 0;
  const out = windowOutSizes(ctx, inSizes, pads, win, ceil);
  const fitEnd = out.map((o, i) => (o - 1) * win.strides[i]! + span(win, i) - inSizes[i]! - pads.begin[i]!);
  checkSize(ctx, [...x.shape.slice(0, 2), ...inSizes.map((d, i) => d + pads.begin[i]! + fitEnd[i]!)], 'the padded input');
  return { spatial, win, inSizes, begin: pads.begin, end: pads.end, fitEnd, out };
}

/** x padded with `fill` to exactly the plan's windows. */
function paddedInput(ctx: OpContext, x: Tensor, plan: PoolPlan, fill: number): Tensor {
  if (plan.begin.every((b) => b === 0) && plan.fitEnd.every((e) => e === 0)) return x;
  return guard(ctx, () => pad(x, torchPadOrder(plan.begin, plan.fitEnd), 'constant', fill));
}

/** Pools an exactly padded input [N, C, ...spatial]; a 3-D window as (H, W) per depth slice, then D. */
function poolPadded(xp: Tensor, plan: PoolPlan, pool2d: Pool2d): Tensor {
  const { kernel: k, strides: s, dilations: d } = plan.win;
  if (plan.spatial <= 2) return lower2d(pool2d(lift2d(xp), pair(k, 1), pair(s, 1), pair(d, 1)), plan.spatial);
  const [n, c, depth, h, w] = xp.shape as [number, number, number, number, number];
  const planes = pool2d(reshape(xp, [n, c * depth, h, w]), [k[1]!, k[2]!], [s[1]!, s[2]!], [d[1]!, d[2]!]);
  const [oh, ow] = [planes.shape[2]!, planes.shape[3]!];
  const pooled = pool2d(reshape(planes, [n, c, depth, oh * ow]), [k[0]!, 1], [s[0]!, 1], [d[0]!, 1]);
  return reshape(pooled, [n, c, pooled.shape[2]!, oh, ow]);
}

const maxOf: Pool2d = (x4, kernel, stride, dilation) => maxPool2d(x4, kernel, { stride, dilation });

/** Window means; avgPool2d has no dilation, so dilated windows use a depthwise convolution with uniform weights. */
const meanOf: Pool2d = (x4, kernel, stride, dilation) => {
  if (dilation[0] === 1 && dilation[1] === 1) return avgPool2d(x4, kernel, { stride });
  const c = x4.shape[1]!;
  const weight = full([c, 1, ...kernel], 1 / (kernel[0] * kernel[1]), { dtype: x4.dtype, device: x4.device });
  return conv2d(x4, weight, null, { stride, dilation, groups: c });
};

/** How many taps of each window (along dim i) land in [lo, hi) of the unpadded input's coordinates. */
function tapCounts(plan: PoolPlan, i: number, lo: number, hi: number): number[] {
  const { strides, kernel, dilations } = plan.win;
  return Array.from({ length: plan.out[i]! }, (_, o) => {
    const start = o * strides[i]! - plan.begin[i]!;
    let n = 0;
    for (let j = 0; j < kernel[i]!; j++) {
      const at = start + j * dilations[i]!;
      if (at >= lo && at < hi) n++;
    }
    return n;
  });
}

function runAveragePool(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'input X');
  const plan = planPool(ctx, x, 'average pooling');
  const includePad = ctx.opset >= 7 && ctx.attrs.int('count_include_pad', 0) !== 0;
  const means = guard(ctx, () => poolPadded(paddedInput(ctx, x, plan, 0), plan, meanOf));
  // Divisor per output cell: taps inside the input, or inside input + pads (never the ceil-mode overhang).
  const counts = plan.inSizes.map((size, i) => (includePad ? tapCounts(plan, i, -plan.begin[i]!, size + plan.end[i]!) : tapCounts(plan, i, 0, size)));
  const kk = plan.win.kernel.reduce((a, b) => a * b, 1);
  const divisors = counts.reduce((acc, dim) => acc.flatMap((a) => dim.map((b) => a * b)), [1]);
  if (divisors.every((dv) => dv === kk)) return means;
  return mul(means, constantLike(means, divisors.map((dv) => kk / dv), plan.out));
}

/** The flat (n, c, spatial) input index of each window's first maximum, as onnxruntime's Indices (1-D and 2-D). */
function maxIndices(ctx: OpContext, xp: Tensor, plan: PoolPlan, x: Tensor): Tensor {
  if (plan.spatial > 2) ctx.unsupported('the Indices output of 3-D MaxPool is not implemented');
  const columnMajor = ctx.opset >= 8 && ctx.attrs.int('storage_order', 0) !== 0;
  const [kh, kw] = pair(plan.win.kernel, 1);
  const [sh, sw] = pair(plan.win.strides, 1);
  const [dh, dw] = pair(plan.win.dilations, 1);
  const [bh, bw] = pair(plan.begin, 0);
  const [oh, ow] = pair(plan.out, 1);
  const [h, w] = pair(plan.inSizes, 1);
  const flatOf = (r: number, c: number): number => (columnMajor ? r + c * h : r * w + c);
  // Each kernel tap's view of every window, stacked: argmax over taps picks the first maximum.
  const x4 = lift2d(xp);
  const taps: Tensor[] = [];
  const offsets: number[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const rows = slice(x4, 2, a * dh, a * dh + (oh - 1) * sh + 1, sh);
      taps.push(slice(rows, 3, b * dw, b * dw + (ow - 1) * sw + 1, sw));
      offsets.push(flatOf(a * dh, b * dw));
    }
  }
  const best = argmax(stack(taps, 0), 0);
  const int32 = (values: ArrayLike<number>, shape: number[]): Tensor => tensor(Int32Array.from(values), { shape, dtype: 'int32', device: x.device });
  const offsetOfTap = reshape(indexSelect(int32(offsets, [offsets.length]), 0, flatten(best)), best.shape);
  const windowStart = Array.from({ length: oh * ow }, (_, k) => flatOf(Math.floor(k / ow) * sh - bh, (k % ow) * sw - bw));
  const [n, c] = [x.shape[0]!, x.shape[1]!];
  const planeStart = Array.from({ length: n * c }, (_, k) => k * h * w);
  const flat = add(add(offsetOfTap, int32(windowStart, [oh, ow])), int32(planeStart, [n, c, 1, 1]));
  return lower2d(flat, plan.spatial);
}

function runMaxPool(ctx: OpContext): Tensor | Tensor[] {
  const input = ctx.tensor(0);
  // uint8/int8 (opset 12) pool exactly in float32.
  const isFloat = input.dtype === 'float32' || input.dtype === 'float64';
  if (!isFloat && input.dtype !== 'uint8' && input.dtype !== 'int32') ctx.unsupported(`input X is ${input.dtype}`);
  const x = isFloat ? input : cast(input, 'float32');
  const plan = planPool(ctx, x, 'max pooling');
  const xp = paddedInput(ctx, x, plan, -Infinity);
  const pooled = guard(ctx, () => poolPadded(xp, plan, maxOf));
  const y = isFloat ? pooled : cast(pooled, input.dtype);
  // The executor cannot tell a declared-but-empty Indices name from a wanted one: compute it whenever declared.
  return ctx.wantsOutput(1) ? [y, maxIndices(ctx, xp, plan, x)] : y;
}

/** LpPool: (Σ_window |x|^p)^(1/p); p is a float attribute in LpPool-1, an int from opset 2. */
function runLpPool(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'input X');
  const p = lpNorm(ctx);
  const plan = planPool(ctx, x, 'Lp pooling');
  const kk = plan.win.kernel.reduce((a, b) => a * b, 1);
  const means = guard(ctx, () => poolPadded(paddedInput(ctx, pow(abs(x), p), plan, 0), plan, meanOf));
  return pow(mul(means, kk), 1 / p);
}

export function lpNorm(ctx: OpContext): number {
  const p = ctx.opset < 2 ? ctx.attrs.float('p', 2) : ctx.attrs.int('p', 2);
  if (!(Number.isFinite(p) && p > 0)) ctx.fail(`attribute 'p' = ${p} must be a positive number`);
  return p;
}

const WINDOWS = '1-D to 3-D windows';

export const POOL_OPS: readonly OpDef[] = [
  { opType: 'MaxPool', since: 1, run: runMaxPool, notes: `${WINDOWS}; the Indices output (1-D and 2-D) is computed whenever declared` },
  { opType: 'AveragePool', since: 1, run: runAveragePool, notes: WINDOWS },
  { opType: 'LpPool', since: 1, run: runLpPool, notes: WINDOWS },
];

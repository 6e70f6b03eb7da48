/**
 * Conv and ConvTranspose, 1-D (lifted to 2-D), 2-D and 3-D (decomposed onto the 2-D kernels in
 * ./conv3d.ts). Asymmetric or negative pads are applied with an explicit `pad` around the
 * symmetric nn convolutions.
 */
import { add, conv2d, convTranspose2d, pad, reshape } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';
import { conv3d, convTranspose3d, triple } from './conv3d.js';
import { checkSize, floatInput, guard, lift2d, lower2d, optionalFloatInput, pair, spatialRankOf } from './common.js';
import { autoPadOf, intsOfLength, readWindow, span, torchPadOrder, windowOutSizes, windowPads } from './window.js';

/** `group` ≥ 1 dividing both channel counts. */
function groupOf(ctx: OpContext, inC: number, outC: number): number {
  const g = ctx.attrs.int('group', 1);
  if (!(g >= 1)) ctx.fail(`attribute 'group' = ${g} must be a positive integer`);
  if (inC % g !== 0 || outC % g !== 0) ctx.fail(`attribute 'group' = ${g} must divide the input channels (${inC}) and output channels (${outC})`);
  return g;
}

/** Bias [M] checks, then reshaped to broadcast over [N, M, ...spatial]. */
function addBias(ctx: OpContext, y: Tensor, bias: Tensor | undefined): Tensor {
  if (!bias) return y;
  const m = y.shape[1]!;
  if (bias.rank !== 1 || bias.shape[0] !== m) ctx.fail(`bias (input 2) must have shape [${m}], got ${fmtShape(bias.shape)}`);
  return add(y, reshape(bias, [m, ...new Array<number>(y.rank - 2).fill(1)]));
}

function runConv(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'input X');
  const w = floatInput(ctx, 1, 'weight W');
  const spatial = spatialRankOf(ctx, x, 'convolution', 3);
  if (w.rank !== x.rank) ctx.fail(`weight ${fmtShape(w.shape)} must have the rank of input ${fmtShape(x.shape)}`);
  const [inC, outC] = [x.shape[1]!, w.shape[0]!];
  const group = groupOf(ctx, inC, outC);
  if (w.shape[1]! * group !== inC)
    ctx.fail(`weight ${fmtShape(w.shape)} expects ${w.shape[1]! * group} input channels (group ${group}), input ${fmtShape(x.shape)} has ${inC}`);
  const win = readWindow(ctx, spatial, w.shape.slice(2));
  const inSizes = x.shape.slice(2);
  const pads = windowPads(ctx, inSizes, win);
  windowOutSizes(ctx, inSizes, pads, win, false);
  checkSize(ctx, [...x.shape.slice(0, 2), ...inSizes.map((d, i) => d + pads.begin[i]! + pads.end[i]!)], 'the padded input');
  const symmetric = pads.begin.every((b, i) => b === pads.end[i] && b >= 0);
  let x4 = lift2d(x);
  if (!symmetric) x4 = guard(ctx, () => pad(x4, torchPadOrder(pads.begin, pads.end)));
  const y = guard(ctx, () =>
    spatial === 3 ? conv3d(x4, w, { stride: triple(win.strides), dilation: triple(win.dilations), padding: triple(symmetric ? pads.begin : [0, 0, 0]), groups: group }) :
    conv2d(x4, lift2d(w), null, {
      stride: pair(win.strides, 1),
      dilation: pair(win.dilations, 1),
      padding: symmetric ? pair(pads.begin, 0) : 0,
      groups: group,
    }));
  return addBias(ctx, lower2d(y, spatial), optionalFloatInput(ctx, 2, 'bias B'));
}

/**
 * Begin/end crop of each dim of the transposed convolution's full output (length
 * F = (in − 1)·stride + dilated kernel), and the output sizes, per the ONNX ConvTranspose rules
 * as onnxruntime applies them: output_shape fixes the size (pads split from the total), SAME
 * aims at in·stride, else pads and output_padding.
 */
function transposeGeometry(ctx: OpContext, inSizes: readonly number[], strides: readonly number[], full: readonly number[], outputPadding: readonly number[]): { head: number[]; out: number[] } {
  const n = inSizes.length;
  const auto = autoPadOf(ctx);
  const head: number[] = [];
  const out: number[] = [];
  // As onnxruntime: SAME_UPPER puts an odd total's extra pixel at the end, otherwise at the start.
  const split = (total: number): number => (auto === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2));
  if (ctx.attrs.has('output_shape')) {
    const given = ctx.attrs.ints('output_shape');
    // Either the spatial dims or the whole [N, C, ...spatial] shape.
    const target = given.length === n + 2 ? given.slice(2) : given;
    if (target.length !== n || !target.every((d) => Number.isInteger(d) && d >= 1))
      ctx.fail(`attribute 'output_shape' = [${given.join(', ')}] must hold ${n} positive spatial sizes`);
    target.forEach((size, i) => {
      const total = full[i]! + outputPadding[i]! - size;
      // A larger output (by less than a stride) is zero-extended at the end, like output_padding.
      if (total <= -strides[i]!)
        ctx.fail(`attribute 'output_shape' = [${given.join(', ')}] exceeds the largest output [${full.map((d, k) => d + outputPadding[k]! + strides[k]! - 1).join(', ')}] of this input`);
      head.push(total < 0 ? 0 : split(total));
      out.push(size);
    });
    return { head, out };
  }
  if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    // Pads toward output = in·stride; never negative, so the output may stay smaller.
    inSizes.forEach((size, i) => {
      const total = Math.max(0, full[i]! + outputPadding[i]! - size * strides[i]!);
      head.push(split(total));
      out.push(full[i]! + outputPadding[i]! - total);
    });
    return { head, out };
  }
  const pads = auto === 'VALID' ? new Array<number>(2 * n).fill(0) : intsOfLength(ctx, 'pads', 2 * n, 0, 0);
  for (let i = 0; i < n; i++) {
    head.push(pads[i]!);
    out.push(full[i]! + outputPadding[i]! - pads[i]! - pads[i + n]!);
  }
  if (out.some((o) => o < 1)) ctx.fail(`attribute 'pads' = [${pads.join(', ')}] leaves an empty output (sizes [${out.join(', ')}])`);
  return { head, out };
}

function runConvTranspose(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'input X');
  const w = floatInput(ctx, 1, 'weight W');
  const spatial = spatialRankOf(ctx, x, 'transposed convolution', 3);
  if (w.rank !== x.rank) ctx.fail(`weight ${fmtShape(w.shape)} must have the rank of input ${fmtShape(x.shape)}`);
  const inC = x.shape[1]!;
  if (w.shape[0] !== inC) ctx.fail(`weight ${fmtShape(w.shape)} expects ${w.shape[0]} input channels, input ${fmtShape(x.shape)} has ${inC}`);
  const win = readWindow(ctx, spatial, w.shape.slice(2));
  // The weight is [C, M/group, ...]: M output channels in all.
  const group = groupOf(ctx, inC, w.shape[1]! * ctx.attrs.int('group', 1));
  const outputPadding = intsOfLength(ctx, 'output_padding', spatial, 0, 0);
  const inSizes = x.shape.slice(2);
  const full = inSizes.map((size, i) => (size - 1) * win.strides[i]! + span(win, i));
  const { head, out } = transposeGeometry(ctx, inSizes, win.strides, full, outputPadding);
  checkSize(ctx, [x.shape[0]!, w.shape[1]! * group, ...full.map((d, i) => Math.max(d, out[i]!))], 'the output');
  const y4 = guard(ctx, () => spatial === 3 ?
    convTranspose3d(x, w, { stride: triple(win.strides), dilation: triple(win.dilations), groups: group }) :
    convTranspose2d(lift2d(x), lift2d(w), null, { stride: pair(win.strides, 1), dilation: pair(win.dilations, 1), groups: group }));
  // Crop `head` from the start, then crop or zero-extend the end to the output size.
  const tail = out.map((o, i) => o - (full[i]! - head[i]!));
  const cropped = head.every((h) => h === 0) && tail.every((t) => t === 0) ? y4 : guard(ctx, () => pad(y4, torchPadOrder(head.map((h) => -h), tail)));
  return addBias(ctx, lower2d(cropped, spatial), optionalFloatInput(ctx, 2, 'bias B'));
}

export const CONV_OPS: readonly OpDef[] = [
  { opType: 'Conv', since: 1, run: runConv, notes: '1-D, 2-D and 3-D (3-D as one 2-D convolution over the depth taps stacked as channels)' },
  { opType: 'ConvTranspose', since: 1, run: runConvTranspose, notes: '1-D, 2-D and 3-D (3-D as one 2-D transposed convolution over the depth slices, its depth taps then placed along depth)' },
];

/**
 * Pad: `paddings` (opset 1) / `pads` (2–10) attribute with a `value` attribute, then inputs pads,
 * constant_value (11) and axes (18). ONNX lists every begin then every end; nn's `pad` takes
 * PyTorch's [before, after] pairs from the last dim, so the order is converted. Negative pads crop
 * (in every mode: the crop happens first, then the padding).
 */
import { pad, slice } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { axesIn, intsOf, optionalInts, scalarOf } from './common.js';

const MODES: Readonly<Record<string, 'constant' | 'reflect' | 'replicate'>> = { constant: 'constant', reflect: 'reflect', edge: 'replicate' };

interface PadArgs {
  readonly begins: number[];
  readonly ends: number[];
  readonly value: number;
}

function padArgs(ctx: OpContext, rank: number): PadArgs {
  let pads: number[];
  let value = 0;
  let axes = [...Array(rank).keys()];
  if (ctx.opset < 11) {
    pads = ctx.attrs.ints(ctx.opset < 2 ? 'paddings' : 'pads');
    value = ctx.attrs.float('value', 0);
  } else {
    pads = intsOf(ctx, ctx.host(1), `input 'pads'`);
    if (ctx.has(2)) value = scalarOf(ctx, 2, `input 'constant_value'`);
    const given = ctx.opset >= 18 ? optionalInts(ctx, 3, `input 'axes'`) : undefined;
    if (given) axes = axesIn(ctx, given, rank, `input 'axes'`);
  }
  if (pads.length !== 2 * axes.length) ctx.fail(`pads [${pads.join(', ')}] must hold ${2 * axes.length} values (a begin and an end for each of ${axes.length} axes)`);
  const begins = Array<number>(rank).fill(0);
  const ends = Array<number>(rank).fill(0);
  axes.forEach((a, j) => {
    begins[a] = pads[j]!;
    ends[a] = pads[j + axes.length]!;
  });
  return { begins, ends, value };
}

function padOp(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const modeName = ctx.attrs.string('mode', 'constant');
  const mode = MODES[modeName];
  if (!mode) ctx.unsupported(`mode '${modeName}' (expected constant, reflect or edge)`);
  const { begins, ends, value } = padArgs(ctx, x.rank);
  let y = x;
  for (let d = 0; d < x.rank; d++) {
    const n = x.shape[d]!;
    const [cropBefore, cropAfter] = [Math.max(0, -begins[d]!), Math.max(0, -ends[d]!)];
    if (cropBefore + cropAfter > n) ctx.fail(`pads ${begins[d]}, ${ends[d]} crop more than the ${n} elements of axis ${d}`);
    if (cropBefore + cropAfter > 0) y = slice(y, d, cropBefore, n - cropAfter);
  }
  const pairs = y.shape.map((_, d) => [Math.max(0, begins[d]!), Math.max(0, ends[d]!)] as const);
  pairs.forEach(([b, a], d) => {
    const n = y.shape[d]!;
    if (mode === 'reflect' && (b >= n || a >= n) && b + a > 0) ctx.fail(`reflect pads ${b}, ${a} must be smaller than the size ${n} of axis ${d}`);
    if (mode === 'replicate' && n === 0 && b + a > 0) ctx.fail(`edge mode cannot pad axis ${d} of size 0`);
  });
  if (pairs.every(([b, a]) => b === 0 && a === 0)) return y;
  return pad(y, [...pairs].reverse().flat(), mode, value);
}

export const PAD_OPS: readonly OpDef[] = [{ opType: 'Pad', since: 1, hostInputs: [1, 2, 3], run: padOp }];

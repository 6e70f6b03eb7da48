/** Ops that only change the shape: Reshape, Flatten, Squeeze, Unsqueeze (views on the device). */
import { reshape } from '@pistil/nn';
import type { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axesArg, axesIn, axesWhat, intsOf, product } from './common.js';
import { hostReshape } from './host-kernels.js';

/** Reshape's target: a `shape` attribute before opset 5, input 1 from then; 0 copies the input dim unless allowzero (14), -1 infers. */
function reshapeTarget(ctx: OpContext, inShape: readonly number[]): number[] {
  const requested = ctx.opset < 5 ? ctx.attrs.ints('shape') : intsOf(ctx, ctx.host(1), `input 'shape'`);
  const allowZero = ctx.opset >= 14 && ctx.attrs.int('allowzero', 0) === 1;
  const what = `shape [${requested.join(', ')}]`;
  let inferred = -1;
  const out = requested.map((d, i) => {
    if (d === -1) {
      if (inferred >= 0) ctx.fail(`${what} has more than one -1`);
      inferred = i;
      return 1;
    }
    if (d === 0 && !allowZero) {
      if (i >= inShape.length) ctx.fail(`${what} copies dim ${i} (a 0) but the input [${inShape.join(', ')}] has rank ${inShape.length}`);
      return inShape[i]!;
    }
    if (d < 0) ctx.fail(`${what} holds ${d}; dims must be ≥ -1`);
    return d;
  });
  const total = product(inShape);
  const known = product(out);
  if (inferred >= 0) {
    if (known === 0 ? total !== 0 : total % known !== 0) ctx.fail(`cannot reshape [${inShape.join(', ')}] (${total} elements) to ${what}`);
    out[inferred] = known === 0 ? 0 : total / known;
  } else if (known !== total) ctx.fail(`cannot reshape [${inShape.join(', ')}] (${total} elements) to ${what}`);
  return out;
}

/** Flatten to 2-D at `axis` in [-rank, rank] (default 1). */
function flattenTarget(ctx: OpContext, inShape: readonly number[]): number[] {
  const r = inShape.length;
  let axis = ctx.attrs.int('axis', 1);
  if (axis < -r || axis > r) ctx.fail(`attribute 'axis' = ${axis} is out of range for an input of rank ${r} (expected [${-r}, ${r}])`);
  if (axis < 0) axis += r;
  return [product(inShape.slice(0, axis)), product(inShape.slice(axis))];
}

/** Squeeze: `axes` attribute before 13, input 1 from 13; without axes (or empty ones, as onnxruntime) every size-1 dim goes. */
function squeezeTarget(ctx: OpContext, inShape: readonly number[]): number[] {
  const given = axesArg(ctx, 13);
  if (!given || given.length === 0) return inShape.filter((n) => n !== 1);
  const axes = axesIn(ctx, given, inShape.length, axesWhat(ctx, 13));
  for (const a of axes) if (inShape[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of [${inShape.join(', ')}]: its size is not 1`);
  return inShape.filter((_, d) => !axes.includes(d));
}

/** Unsqueeze: every axis counts in the output's rank, so [0, 2] on [3, 4] gives [1, 3, 1, 4]. */
function unsqueezeTarget(ctx: OpContext, inShape: readonly number[]): number[] {
  const given = axesArg(ctx, 13);
  if (!given) ctx.fail(ctx.opset < 13 ? `required attribute 'axes' is missing` : `input 1 'axes' is required`);
  const rank = inShape.length + given.length;
  const axes = axesIn(ctx, given, rank, axesWhat(ctx, 13));
  let next = 0;
  return Array.from({ length: rank }, (_, d) => (axes.includes(d) ? 1 : inShape[next++]!));
}

/** An op that maps the input shape to a new one and moves no data. */
function reshaping(opType: string, hostInputs: readonly number[], target: (ctx: OpContext, inShape: readonly number[]) => number[]): OpDef {
  return {
    opType,
    since: 1,
    hostInputs,
    run: (ctx) => {
      const x = ctx.tensor(0);
      return reshape(x, target(ctx, x.shape));
    },
    runHost: (ctx) => {
      const x: HostTensor = ctx.host(0);
      return hostReshape(x, target(ctx, x.shape));
    },
  };
}

export const RESHAPE_OPS: readonly OpDef[] = [
  reshaping('Reshape', [1], reshapeTarget),
  reshaping('Flatten', [], flattenTarget),
  reshaping('Squeeze', [1], squeezeTarget),
  reshaping('Unsqueeze', [1], unsqueezeTarget),
];

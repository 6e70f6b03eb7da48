/**
 * Slice: `starts`/`ends`/`axes` attributes in opset 1, inputs (with `steps`) from 10. Bounds follow
 * the ONNX rules, not Python's: negative values count from the end once, then starts/ends are
 * clamped to [0, n] for positive steps and to [0, n-1] / [-1, n-1] for negative ones (so the
 * INT64_MAX / INT64_MIN sentinels exporters use for "to the end" just clamp).
 */
import { slice } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { axesIn, intsOf, optionalInts } from './common.js';
import { hostSlice } from './host-kernels.js';

/** One sliced axis, resolved: the first index taken, the step, how many are taken. */
interface AxisSlice {
  readonly axis: number;
  readonly begin: number;
  readonly step: number;
  readonly size: number;
  /** Exclusive end after clamping (-1 only for negative steps running through index 0). */
  readonly end: number;
}

function sliceArgs(ctx: OpContext): { starts: number[]; ends: number[]; axes?: number[]; steps?: number[] } {
  if (ctx.opset < 10) {
    return { starts: ctx.attrs.ints('starts'), ends: ctx.attrs.ints('ends'), axes: ctx.attrs.has('axes') ? ctx.attrs.ints('axes') : undefined };
  }
  return {
    starts: intsOf(ctx, ctx.host(1), `input 'starts'`),
    ends: intsOf(ctx, ctx.host(2), `input 'ends'`),
    axes: optionalInts(ctx, 3, `input 'axes'`),
    steps: optionalInts(ctx, 4, `input 'steps'`),
  };
}

export function resolveSlices(ctx: OpContext, shape: readonly number[]): AxisSlice[] {
  const { starts, ends, axes, steps } = sliceArgs(ctx);
  const k = starts.length;
  if (ends.length !== k || (axes && axes.length !== k) || (steps && steps.length !== k))
    ctx.fail(`starts, ends, axes and steps must have the same length, got ${k}, ${ends.length}, ${axes?.length ?? '-'}, ${steps?.length ?? '-'}`);
  const resolved = axesIn(ctx, axes ?? [...Array(k).keys()], shape.length, axes ? 'axes' : 'the number of starts');
  return resolved.map((axis, j) => {
    const n = shape[axis]!;
    const step = steps?.[j] ?? 1;
    if (step === 0) ctx.fail(`steps[${j}] is 0`);
    const bound = (v: number, lo: number, hi: number): number => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    const begin = step > 0 ? bound(starts[j]!, 0, n) : bound(starts[j]!, 0, n - 1);
    const end = step > 0 ? bound(ends[j]!, 0, n) : bound(ends[j]!, -1, n - 1);
    const size = step > 0 ? Math.max(0, Math.ceil((end - begin) / step)) : Math.max(0, Math.ceil((begin - end) / -step));
    return { axis, begin, step, size, end };
  });
}

export const SLICE_OPS: readonly OpDef[] = [
  {
    opType: 'Slice',
    since: 1,
    hostInputs: [1, 2, 3, 4],
    run: (ctx) => {
      let y: Tensor = ctx.tensor(0);
      for (const s of resolveSlices(ctx, y.shape)) {
        if (s.size === y.shape[s.axis] && s.step === 1) continue;
        // nn's slice takes Python bounds, where -1 would mean "the last": index 0 inclusive is an open end.
        y = slice(y, s.axis, s.size === 0 ? 0 : s.begin, s.size === 0 ? 0 : s.end < 0 ? null : s.end, s.size === 0 ? 1 : s.step);
      }
      return y;
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      const begin = x.shape.map(() => 0);
      const step = x.shape.map(() => 1);
      const size = [...x.shape];
      for (const s of resolveSlices(ctx, x.shape)) [begin[s.axis], step[s.axis], size[s.axis]] = [s.begin, s.step, s.size];
      return hostSlice(x, begin, step, size);
    },
  },
];

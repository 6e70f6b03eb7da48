/** Axis resolution and host-input reading shared by the shape ops; every problem names the node. */
import { ShapeError } from '@pistil/nn';
import { HostTensor } from '../../../host-tensor.js';
import type { OpContext } from '../../op-types.js';

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Resolves a possibly negative axis against `rank`; `what` says where it came from for errors. */
export function axisIn(ctx: OpContext, axis: number, rank: number, what = `attribute 'axis'`): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    ctx.fail(`${what} = ${axis} is out of range for an input of rank ${rank} (expected [${-rank}, ${rank - 1}])`);
  return axis < 0 ? axis + rank : axis;
}

/** Resolves a list of axes, refusing duplicates. */
export function axesIn(ctx: OpContext, axes: readonly number[], rank: number, what: string): number[] {
  const out = axes.map((a) => axisIn(ctx, a, rank, what));
  if (new Set(out).size !== out.length) ctx.fail(`${what} = [${axes.join(', ')}] repeats an axis`);
  return out;
}

/** The integer values of a host input (shape, axes, pads, starts…); INT64 sentinels arrive as ±9.22e18. */
export function intsOf(ctx: OpContext, h: HostTensor, what: string): number[] {
  const values = h.numbers();
  for (const v of values) if (!Number.isInteger(v)) ctx.fail(`${what} holds ${v}, expected integers`);
  return values;
}

/** Input i's integer values, or undefined when the optional input is absent. */
export function optionalInts(ctx: OpContext, i: number, what: string): number[] | undefined {
  return ctx.has(i) ? intsOf(ctx, ctx.host(i), what) : undefined;
}

/** The single value of a scalar-like host input (a 0-d or one-element tensor). */
export function scalarOf(ctx: OpContext, i: number, what: string): number {
  const h = ctx.host(i);
  if (h.size !== 1) ctx.fail(`${what} must hold one value, got shape [${h.shape.join(', ')}]`);
  return h.data[0]!;
}

/** The shape of input i, host or device, without reading its data. */
export function shapeOf(ctx: OpContext, i: number): readonly number[] {
  const v = ctx.value(i);
  if (v === undefined) ctx.fail(`input ${i} is required`);
  return v.shape;
}

/** The axes a reduction-like op reads: the `axes` attribute before `inputFrom`, input 1 from then on. */
export function axesArg(ctx: OpContext, inputFrom: number): number[] | undefined {
  if (ctx.opset < inputFrom) return ctx.attrs.has('axes') ? ctx.attrs.ints('axes') : undefined;
  return optionalInts(ctx, 1, `input 'axes'`);
}

/** How `axesArg`'s source is named in errors. */
export function axesWhat(ctx: OpContext, inputFrom: number): string {
  return ctx.opset < inputFrom ? `attribute 'axes'` : `input 'axes'`;
}

/** NumPy broadcasting of two shapes (Expand's bidirectional rule). */
export function broadcastShapes(ctx: OpContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, k) => {
    const x = a[a.length - rank + k] ?? 1;
    const y = b[b.length - rank + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) ctx.fail(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    return x === 1 ? y : x;
  });
}

export function int64Host(shape: readonly number[], values: readonly number[]): HostTensor {
  return HostTensor.of('int64', shape, values);
}

/** Runs nn ops whose shape errors depend on data (an index out of range), naming the node in them. */
export function namingNode<T>(ctx: OpContext, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ShapeError) ctx.fail(err.message);
    throw err;
  }
}

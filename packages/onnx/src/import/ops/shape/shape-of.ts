/**
 * Shape and Size: always host int64 results, since a device tensor's shape is known on the host;
 * this is what lets the Shape → Gather → Concat → Reshape chains of PyTorch exports fold on the host.
 */
import type { OpContext, OpDef } from '../../op-types.js';
import { int64Host, product, shapeOf } from './common.js';

/** The dims Shape reports: from opset 15, `start`/`end` pick a range (negative counts from the end, clamped). */
function reportedDims(ctx: OpContext): number[] {
  const dims = [...shapeOf(ctx, 0)];
  if (ctx.opset < 15) return dims;
  const r = dims.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const start = clamp(ctx.attrs.int('start', 0));
  const end = clamp(ctx.attrs.int('end', r));
  return dims.slice(start, Math.max(start, end));
}

function shape(ctx: OpContext) {
  const dims = reportedDims(ctx);
  return int64Host([dims.length], dims);
}

function size(ctx: OpContext) {
  return int64Host([], [product(shapeOf(ctx, 0))]);
}

export const SHAPE_OF_OPS: readonly OpDef[] = [
  { opType: 'Shape', since: 1, hostInputs: [0], run: shape, runHost: shape },
  { opType: 'Size', since: 1, hostInputs: [0], run: size, runHost: size },
];

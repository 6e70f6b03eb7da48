/** Ops that rearrange or replicate data: Transpose, Concat, Split, Expand, Tile. */
import { broadcastTo, concat, permute, split, tile } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, broadcastShapes, intsOf, optionalInts, shapeOf } from './common.js';
import { hostBroadcast, hostConcat, hostSlice, hostTile, hostTranspose } from './host-kernels.js';

/** `perm` (default: reversed dims), checked to be a permutation of the input's dims. */
function permOf(ctx: OpContext, rank: number): number[] {
  const perm = ctx.attrs.ints('perm', [...Array(rank).keys()].reverse());
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== rank || sorted.some((p, i) => p !== i))
    ctx.fail(`attribute 'perm' = [${perm.join(', ')}] is not a permutation of the ${rank} dims of the input`);
  return perm;
}

/** Concat's resolved axis, once every input is checked to agree on the other dims. */
function concatAxis(ctx: OpContext): number {
  const shapes = Array.from({ length: ctx.inputCount }, (_, i) => shapeOf(ctx, i));
  if (shapes.length === 0) ctx.fail('needs at least one input');
  const first = shapes[0]!;
  // Concat-1 defaulted the axis to 1; it is required from opset 4.
  const axis = axisIn(ctx, ctx.opset < 4 ? ctx.attrs.int('axis', 1) : ctx.attrs.int('axis'), first.length);
  for (const [i, s] of shapes.entries())
    if (s.length !== first.length || s.some((n, d) => d !== axis && n !== first[d]))
      ctx.fail(`input ${i} of shape [${s.join(', ')}] does not match input 0 [${first.join(', ')}] outside axis ${axis}`);
  return axis;
}

/**
 * Split's piece sizes along `axis` (of size n): the `split` attribute (opsets 2–12, or 1) or input 1
 * (opset 1, and from 13); otherwise equal pieces, one per output. From opset 18 `num_outputs`
 * allows an uneven last piece: ceil(n / num_outputs) each, the remainder last.
 */
function splitSizes(ctx: OpContext, n: number): number[] {
  const k = ctx.outputCount;
  const given =
    ctx.opset < 13 && ctx.attrs.has('split') ? ctx.attrs.ints('split') :
    ctx.opset < 2 || ctx.opset >= 13 ? optionalInts(ctx, 1, `input 'split'`) : undefined;
  if (given) {
    if (given.length !== k || given.some((s) => s < 0) || given.reduce((a, b) => a + b, 0) !== n)
      ctx.fail(`split [${given.join(', ')}] must give ${k} non-negative sizes adding up to ${n}`);
    return given;
  }
  if (ctx.opset >= 18 && ctx.attrs.has('num_outputs')) {
    const parts = ctx.attrs.int('num_outputs');
    if (parts !== k || parts < 1) ctx.fail(`attribute 'num_outputs' = ${parts} does not match the ${k} outputs`);
    const piece = Math.ceil(n / parts);
    const last = n - piece * (parts - 1);
    // As onnxruntime: every piece but the last is full, and the last is not empty.
    if (last < 0 || (last === 0 && piece > 0)) ctx.fail(`cannot split a dim of ${n} into ${parts} pieces of at most ${piece}`);
    return [...Array<number>(parts - 1).fill(piece), last];
  }
  if (k < 1 || n % k !== 0) ctx.fail(`cannot split a dim of ${n} into ${k} equal pieces`);
  return Array<number>(k).fill(n / k);
}

function splitAxis(ctx: OpContext, rank: number): number {
  return axisIn(ctx, ctx.attrs.int('axis', 0), rank);
}

/** Expand's output shape: the input and the `shape` input broadcast both ways. */
function expandShape(ctx: OpContext, inShape: readonly number[]): number[] {
  const target = intsOf(ctx, ctx.host(1), `input 'shape'`);
  if (target.some((d) => d < 0)) ctx.fail(`input 'shape' = [${target.join(', ')}] holds a negative dim`);
  return broadcastShapes(ctx, inShape, target);
}

function tileRepeats(ctx: OpContext, rank: number): number[] {
  const reps = intsOf(ctx, ctx.host(1), `input 'repeats'`);
  if (reps.length !== rank || reps.some((r) => r < 0)) ctx.fail(`input 'repeats' = [${reps.join(', ')}] must hold ${rank} non-negative counts`);
  return reps;
}

export const LAYOUT_OPS: readonly OpDef[] = [
  {
    opType: 'Transpose',
    since: 1,
    run: (ctx) => {
      const x = ctx.tensor(0);
      return permute(x, permOf(ctx, x.rank));
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      return hostTranspose(x, permOf(ctx, x.shape.length));
    },
  },
  {
    opType: 'Concat',
    since: 1,
    run: (ctx) => {
      const axis = concatAxis(ctx);
      return concat(Array.from({ length: ctx.inputCount }, (_, i) => ctx.tensor(i)), axis);
    },
    runHost: (ctx) => {
      const axis = concatAxis(ctx);
      return hostConcat(Array.from({ length: ctx.inputCount }, (_, i) => ctx.host(i)), axis);
    },
  },
  {
    opType: 'Split',
    since: 1,
    hostInputs: [1],
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axis = splitAxis(ctx, x.rank);
      return split(x, splitSizes(ctx, x.shape[axis]!), axis);
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      const axis = splitAxis(ctx, x.shape.length);
      let start = 0;
      return splitSizes(ctx, x.shape[axis]!).map((n) => {
        const begin = x.shape.map((_, d) => (d === axis ? start : 0));
        start += n;
        return hostSlice(x, begin, x.shape.map(() => 1), x.shape.map((s, d) => (d === axis ? n : s)));
      });
    },
  },
  {
    opType: 'Expand',
    since: 8,
    hostInputs: [1],
    run: (ctx) => {
      const x = ctx.tensor(0);
      return broadcastTo(x, expandShape(ctx, x.shape));
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      return hostBroadcast(x, expandShape(ctx, x.shape));
    },
  },
  {
    // Tile-1 took `tiles` and `axis` inputs; from 6 one count per dim.
    opType: 'Tile',
    since: 6,
    hostInputs: [1],
    run: (ctx) => {
      const x = ctx.tensor(0);
      return tile(x, tileRepeats(ctx, x.rank));
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      return hostTile(x, tileRepeats(ctx, x.shape.length));
    },
  },
];

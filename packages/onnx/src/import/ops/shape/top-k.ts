/**
 * TopK: the k largest (or, from opset 11, smallest) elements along an axis and their int64
 * indices. k is an attribute before opset 10 and input 1 from 10. nn has no sort, so the indices
 * are chosen on the host from a synchronous read of X; the values are then gathered on the device
 * with nn's `gather`, which keeps them differentiable with respect to X.
 */
import { gather, tensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, int64Host, product, scalarOf } from './common.js';

interface TopKArgs {
  readonly axis: number;
  readonly k: number;
  readonly largest: boolean;
}

function argsOf(ctx: OpContext, shape: readonly number[]): TopKArgs {
  if (shape.length === 0) ctx.fail('input X must have at least one dim, got a scalar');
  const axis = axisIn(ctx, ctx.attrs.int('axis', -1), shape.length);
  const k = ctx.opset < 10 ? ctx.attrs.int('k') : scalarOf(ctx, 1, `input 'K'`);
  const what = ctx.opset < 10 ? `attribute 'k'` : `input 'K'`;
  if (!Number.isInteger(k) || k < 0 || k > shape[axis]!) ctx.fail(`${what} = ${k} must be an integer in [0, ${shape[axis]}] (the size of axis ${axis})`);
  // `sorted` = 0 leaves the order unspecified: the sorted order is returned either way.
  const largest = ctx.opset < 11 || ctx.attrs.int('largest', 1) !== 0;
  return { axis, k, largest };
}

/**
 * For every line along `axis`, the positions of its k top values, best first and the lower index
 * first among equal values (as the spec asks); NaN ranks above every number, as in PyTorch.
 */
function topIndices(data: ArrayLike<number>, shape: readonly number[], { axis, k, largest }: TopKArgs): number[] {
  const n = shape[axis]!;
  const inner = product(shape.slice(axis + 1));
  const outer = product(shape.slice(0, axis));
  const out = new Array<number>(outer * k * inner);
  // Ascending order of two values, NaN above everything.
  const ascending = (a: number, b: number): number => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number): number => data[(o * n + j) * inner + i]!;
      const line = Array.from({ length: n }, (_, j) => j);
      line.sort((a, b) => (largest ? ascending(at(b), at(a)) : ascending(at(a), at(b))) || a - b);
      for (let j = 0; j < k; j++) out[(o * k + j) * inner + i] = line[j]!;
    }
  }
  return out;
}

function outShape(shape: readonly number[], { axis, k }: TopKArgs): number[] {
  return shape.map((d, i) => (i === axis ? k : d));
}

function runTopK(ctx: OpContext): Tensor[] {
  const x = ctx.tensor(0);
  const args = argsOf(ctx, x.shape);
  const shape = outShape(x.shape, args);
  const picked = topIndices(ctx.host(0).data, x.shape, args);
  const indices = tensor(Int32Array.from(picked), { shape, dtype: 'int32', device: x.device });
  return [gather(x, args.axis, indices), indices];
}

function runTopKHost(ctx: OpContext): HostTensor[] {
  const x = ctx.host(0);
  const args = argsOf(ctx, x.shape);
  const shape = outShape(x.shape, args);
  const picked = topIndices(x.data, x.shape, args);
  const n = x.shape[args.axis]!;
  const inner = product(x.shape.slice(args.axis + 1));
  // Output position p = (o·k + j)·inner + i reads X at (o·n + picked[p])·inner + i.
  const values = picked.map((j, p) => {
    const i = p % inner;
    const o = Math.floor(p / (inner * args.k));
    return x.data[(o * n + j) * inner + i]!;
  });
  return [HostTensor.of(x.type, shape, values), int64Host(shape, picked)];
}

export const TOP_K_OPS: readonly OpDef[] = [
  {
    opType: 'TopK',
    since: 1,
    hostInputs: [1],
    notes: 'indices are chosen on the host from a synchronous read of X (nn has no sort), values gathered on the device (differentiable); `sorted` = 0 returns sorted results',
    run: runTopK,
    runHost: runTopKHost,
  },
];

/**
 * Indexing ops: Gather (NumPy `take`), GatherElements (torch.gather), GatherND. Indices live on
 * the device as int32; negative ones wrap by adding the axis size. Host indices are range-checked
 * here, device ones by the kernel (its error is re-raised naming the node).
 */
import { add, gather, indexSelect, lt, mul, reshape, sum, tensor, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, namingNode, product } from './common.js';
import { hostGather, stridesOf } from './host-kernels.js';

/** Device indices with negatives wrapped: `n` is the axis size (a number or a per-column tensor). */
export function wrapIndices(idx: Tensor, n: number | Tensor): Tensor {
  return where(lt(idx, 0), add(idx, n), idx);
}

/** Input `i` as device indices, checking host ones against [-n, n) and the dtype of device ones. */
export function indicesOf(ctx: OpContext, i: number, n: number): Tensor {
  const v = ctx.value(i);
  if (v instanceof HostTensor) checkHostIndices(ctx, v, n);
  const idx = ctx.tensor(i);
  if (idx.dtype !== 'int32') ctx.fail(`indices must be int32 or int64, got ${idx.dtype}`);
  return idx;
}

function checkHostIndices(ctx: OpContext, h: HostTensor, n: number): void {
  for (const v of h.data) if (!Number.isInteger(v) || v < -n || v >= n) ctx.fail(`index ${v} is out of range for an axis of size ${n}`);
}

function gatherAxis(ctx: OpContext, rank: number): number {
  return axisIn(ctx, ctx.attrs.int('axis', 0), rank);
}

/** GatherND with `batch_dims` (opset 12): each row of the last index dim addresses the leading dims after the batch. */
function gatherND(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const idx = ctx.tensor(1);
  const b = ctx.opset >= 12 ? ctx.attrs.int('batch_dims', 0) : 0;
  const q = idx.rank;
  const k = idx.shape[q - 1] ?? -1;
  if (q < 1 || b < 0 || b >= q || b + k > x.rank || k < 0)
    ctx.fail(`indices of shape [${idx.shape.join(', ')}] with batch_dims ${b} do not address data of shape [${x.shape.join(', ')}]`);
  if (idx.dtype !== 'int32') ctx.fail(`indices must be int32 or int64, got ${idx.dtype}`);
  const batchShape = x.shape.slice(0, b);
  if (idx.shape.slice(0, b).some((n, d) => n !== batchShape[d])) ctx.fail(`the first ${b} dims of indices and data must match (batch_dims)`);
  const picked = x.shape.slice(b, b + k);
  const rest = x.shape.slice(b + k);
  const i32 = (values: readonly number[]): Tensor => tensor(Int32Array.from(values), { dtype: 'int32', device: idx.device });
  // Flat position of each index row within the picked dims, then within the batch.
  let flat = sum(mul(wrapIndices(idx, i32(picked)), i32(stridesOf(picked))), -1);
  if (b > 0) {
    const offsets = Array.from({ length: product(batchShape) }, (_, j) => j * product(picked));
    flat = add(flat, reshape(i32(offsets), [...batchShape, ...Array<number>(q - 1 - b).fill(1)]));
  }
  const rows = reshape(x, [product(batchShape) * product(picked), ...rest]);
  return reshape(namingNode(ctx, () => indexSelect(rows, 0, reshape(flat, [flat.size]))), [...idx.shape.slice(0, q - 1), ...rest]);
}

export const GATHER_OPS: readonly OpDef[] = [
  {
    opType: 'Gather',
    since: 1,
    // Constant indices stay on the host, so Shape → Gather folds there (they are uploaded for device data).
    hostInputs: [1],
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axis = gatherAxis(ctx, x.rank);
      const n = x.shape[axis]!;
      const idx = indicesOf(ctx, 1, n);
      const picked = namingNode(ctx, () => indexSelect(x, axis, reshape(wrapIndices(idx, n), [idx.size])));
      return reshape(picked, [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)]);
    },
    runHost: (ctx) => {
      const x = ctx.host(0);
      const axis = gatherAxis(ctx, x.shape.length);
      const n = x.shape[axis]!;
      const idx = ctx.host(1);
      checkHostIndices(ctx, idx, n);
      return hostGather(x, axis, idx.numbers().map((v) => (v < 0 ? v + n : v)), idx.shape);
    },
  },
  {
    opType: 'GatherElements',
    since: 11,
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axis = gatherAxis(ctx, x.rank);
      const n = x.shape[axis]!;
      const idx = indicesOf(ctx, 1, n);
      if (idx.rank !== x.rank || idx.shape.some((m, d) => d !== axis && m > x.shape[d]!))
        ctx.fail(`indices of shape [${idx.shape.join(', ')}] do not fit data of shape [${x.shape.join(', ')}] (same rank, no larger outside axis ${axis})`);
      return namingNode(ctx, () => gather(x, axis, wrapIndices(idx, n)));
    },
  },
  { opType: 'GatherND', since: 11, run: gatherND },
];

/** GlobalAveragePool, GlobalMaxPool and GlobalLpPool: reductions over every spatial dim, kept as size 1 (any rank). */
import { abs, max, mean, pow, sum } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { floatInput, requireRank } from './common.js';
import { lpNorm } from './pooling.js';

function spatialInput(ctx: OpContext): { x: Tensor; axes: number[] } {
  const x = floatInput(ctx, 0, 'input X');
  requireRank(ctx, x, 3);
  return { x, axes: x.shape.slice(2).map((_, i) => i + 2) };
}

export const GLOBAL_POOL_OPS: readonly OpDef[] = [
  {
    opType: 'GlobalAveragePool',
    since: 1,
    run: (ctx) => {
      const { x, axes } = spatialInput(ctx);
      return mean(x, axes, true);
    },
  },
  {
    opType: 'GlobalMaxPool',
    since: 1,
    run: (ctx) => {
      const { x, axes } = spatialInput(ctx);
      return max(x, axes, true);
    },
  },
  {
    opType: 'GlobalLpPool',
    since: 1,
    run: (ctx) => {
      const p = lpNorm(ctx);
      const { x, axes } = spatialInput(ctx);
      return pow(sum(pow(abs(x), p), axes, true), 1 / p);
    },
  },
];

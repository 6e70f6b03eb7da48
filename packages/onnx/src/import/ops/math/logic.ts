/** Comparisons and logic (bool outputs), Where, IsNaN and IsInf. */
import { eq, full, ge, gt, isInf, isNaN, le, logicalAnd, logicalNot, logicalOr, logicalXor, lt, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpDef } from '../../op-types.js';
import { binaryOp } from './broadcast.js';
import { broadcastShapes, commonType, hostMap } from './host.js';

const bit = (b: boolean): number => (b ? 1 : 0);

function predicate(opType: string, since: number, device: (a: Tensor, b: Tensor) => Tensor, host: (a: number, b: number) => boolean): OpDef {
  return binaryOp({ opType, since, device, host: () => (a, b) => bit(host(a, b)), hostType: () => 'bool' });
}

export const LOGIC_OPS: readonly OpDef[] = [
  predicate('Equal', 1, eq, (a, b) => a === b),
  predicate('Less', 1, lt, (a, b) => a < b),
  predicate('LessOrEqual', 12, le, (a, b) => a <= b),
  predicate('Greater', 1, gt, (a, b) => a > b),
  predicate('GreaterOrEqual', 12, ge, (a, b) => a >= b),
  predicate('And', 1, logicalAnd, (a, b) => a !== 0 && b !== 0),
  predicate('Or', 1, logicalOr, (a, b) => a !== 0 || b !== 0),
  predicate('Xor', 1, logicalXor, (a, b) => (a !== 0) !== (b !== 0)),
  {
    opType: 'Not',
    since: 1,
    run: (ctx) => logicalNot(ctx.tensor(0)),
    runHost: (ctx) => hostMap(ctx, [ctx.host(0)], 'bool', (v) => bit(v === 0)),
  },
  {
    opType: 'Where',
    since: 9,
    run: (ctx) => {
      const [c, x, y] = [ctx.tensor(0), ctx.tensor(1), ctx.tensor(2)];
      if (c.dtype !== 'bool') ctx.fail(`condition must be bool, got ${c.dtype}`);
      broadcastShapes(ctx, [c.shape, x.shape, y.shape]);
      return where(c, x, y);
    },
    runHost: (ctx) => {
      const [c, x, y] = [ctx.host(0), ctx.host(1), ctx.host(2)];
      return hostMap(ctx, [c, x, y], commonType([x, y]), (cv, xv, yv) => (cv ? xv : yv));
    },
  },
  { opType: 'IsNaN', since: 9, run: (ctx) => isNaN(ctx.tensor(0)) },
  {
    opType: 'IsInf',
    since: 10,
    run: (ctx) => {
      const x = ctx.tensor(0);
      const negative = ctx.attrs.int('detect_negative', 1) !== 0;
      const positive = ctx.attrs.int('detect_positive', 1) !== 0;
      const inf = isInf(x);
      if (negative && positive) return inf;
      if (!negative && !positive) return full(x.shape, 0, { dtype: 'bool', device: x.device });
      return logicalAnd(inf, negative ? lt(x, 0) : gt(x, 0));
    },
  },
];

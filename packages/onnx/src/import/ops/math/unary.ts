/** Elementwise functions of one input: sign and rounding, exponentials, trigonometry. */
import {
  abs, acos, acosh, asin, asinh, atan, atanh, cast, ceil, cos, cosh, erf, exp, floor, gt, log, neg,
  reciprocal, round, sign, sin, sinh, sqrt, tan,
} from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpDef } from '../../op-types.js';
import { roundHalfEven } from './float-formats.js';
import { hostMap } from './host.js';

interface UnarySpec {
  readonly opType: string;
  readonly since: number;
  readonly device: (x: Tensor) => Tensor;
  /** Given for ops that show up in shape arithmetic: the same function on the host. */
  readonly host?: (v: number) => number;
}

export function unaryOp(spec: UnarySpec): OpDef {
  const { host } = spec;
  return {
    opType: spec.opType,
    since: spec.since,
    run: (ctx) => spec.device(ctx.tensor(0)),
    ...(host && {
      runHost: (ctx) => {
        const x = ctx.host(0);
        return hostMap(ctx, [x], x.type, host);
      },
    }),
  };
}

// uint8 is already non-negative: |x| is x, sign(x) is 0 or 1.
const absOf = (x: Tensor): Tensor => (x.dtype === 'uint8' ? x : abs(x));
const signOf = (x: Tensor): Tensor => (x.dtype === 'uint8' ? cast(gt(x, 0), 'uint8') : sign(x));

export const UNARY_OPS: readonly OpDef[] = [
  unaryOp({ opType: 'Neg', since: 1, device: neg, host: (v) => -v }),
  unaryOp({ opType: 'Abs', since: 1, device: absOf, host: Math.abs }),
  unaryOp({ opType: 'Sign', since: 9, device: signOf, host: (v) => (v !== v ? NaN : Math.sign(v)) }),
  unaryOp({ opType: 'Reciprocal', since: 1, device: reciprocal, host: (v) => 1 / v }),
  unaryOp({ opType: 'Floor', since: 1, device: floor, host: Math.floor }),
  unaryOp({ opType: 'Ceil', since: 1, device: ceil, host: Math.ceil }),
  unaryOp({ opType: 'Round', since: 11, device: round, host: roundHalfEven }),
  unaryOp({ opType: 'Exp', since: 1, device: exp, host: Math.exp }),
  unaryOp({ opType: 'Log', since: 1, device: log, host: Math.log }),
  unaryOp({ opType: 'Sqrt', since: 1, device: sqrt, host: Math.sqrt }),
  unaryOp({ opType: 'Erf', since: 9, device: erf }),
  unaryOp({ opType: 'Sin', since: 7, device: sin }),
  unaryOp({ opType: 'Cos', since: 7, device: cos }),
  unaryOp({ opType: 'Tan', since: 7, device: tan }),
  unaryOp({ opType: 'Asin', since: 7, device: asin }),
  unaryOp({ opType: 'Acos', since: 7, device: acos }),
  unaryOp({ opType: 'Atan', since: 7, device: atan }),
  unaryOp({ opType: 'Sinh', since: 9, device: sinh }),
  unaryOp({ opType: 'Cosh', since: 9, device: cosh }),
  unaryOp({ opType: 'Asinh', since: 9, device: asinh }),
  unaryOp({ opType: 'Acosh', since: 9, device: acosh }),
  unaryOp({ opType: 'Atanh', since: 9, device: atanh }),
];

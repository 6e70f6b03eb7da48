/**
 * Shared plumbing of the elementwise binary ops: the pre-opset-7 `broadcast`/`axis` attributes,
 * and one OpDef shape that runs on the device or, for shape arithmetic, on the host.
 */
import { fmtShape } from '@pistil/backend';
import { reshape } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { ElemType } from '../../../elem-types.js';
import { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { broadcastShapes, commonType, hostMap } from './host.js';

/**
 * B's shape under the legacy broadcasting of opsets < 7: with broadcast=1 and `axis`, B's dims
 * line up with A's from `axis` on (suffix alignment, NumPy's, when `axis` is absent). Without
 * broadcast=1 the spec wants equal shapes; NumPy broadcasting accepts those unchanged.
 */
export function legacyShapeOfB(ctx: OpContext, a: readonly number[], b: readonly number[]): readonly number[] {
  if (ctx.opset >= 7 || ctx.attrs.int('broadcast', 0) === 0 || !ctx.attrs.has('axis')) return b;
  const given = ctx.attrs.int('axis');
  const axis = given < 0 ? given + a.length : given;
  if (axis < 0 || axis + b.length > a.length)
    ctx.fail(`attribute 'axis' = ${given} cannot place B of shape ${fmtShape(b)} inside A of shape ${fmtShape(a)}`);
  return [...new Array<number>(axis).fill(1), ...b, ...new Array<number>(a.length - axis - b.length).fill(1)];
}

/** Inputs 0 and 1 on the device, B reshaped for legacy broadcasting, checked to broadcast. */
export function deviceOperands(ctx: OpContext): [Tensor, Tensor] {
  const a = ctx.tensor(0);
  const b = ctx.tensor(1);
  const shape = legacyShapeOfB(ctx, a.shape, b.shape);
  const b2 = shape === b.shape ? b : reshape(b, shape);
  broadcastShapes(ctx, [a.shape, b2.shape]);
  return [a, b2];
}

/** Inputs 0 and 1 on the host, B reshaped for legacy broadcasting. */
export function hostOperands(ctx: OpContext): [HostTensor, HostTensor] {
  const a = ctx.host(0);
  const b = ctx.host(1);
  const shape = legacyShapeOfB(ctx, a.shape, b.shape);
  return [a, shape === b.shape ? b : new HostTensor(b.type, shape, b.data)];
}

export interface BinarySpec {
  readonly opType: string;
  readonly since: number;
  readonly notes?: string;
  readonly device: (a: Tensor, b: Tensor, ctx: OpContext) => Tensor;
  /** The host arithmetic for operands of `type` (ints and floats differ for Div and Mod). */
  readonly host?: (type: ElemType, ctx: OpContext) => (a: number, b: number) => number;
  /** The host result type (default: the operands' common type). */
  readonly hostType?: (a: HostTensor, b: HostTensor) => ElemType;
}

export function binaryOp(spec: BinarySpec): OpDef {
  const { host } = spec;
  return {
    opType: spec.opType,
    since: spec.since,
    ...(spec.notes && { notes: spec.notes }),
    run: (ctx) => {
      const [a, b] = deviceOperands(ctx);
      return spec.device(a, b, ctx);
    },
    ...(host && {
      runHost: (ctx: OpContext) => {
        const [a, b] = hostOperands(ctx);
        const computeType = commonType([a, b]);
        return hostMap(ctx, [a, b], spec.hostType?.(a, b) ?? computeType, host(computeType, ctx));
      },
    }),
  };
}

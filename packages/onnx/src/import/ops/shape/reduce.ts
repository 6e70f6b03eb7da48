/**
 * Reductions (Reduce*) and ArgMax/ArgMin. Axes come from the `axes` attribute until ReduceSum 13 /
 * the others 18, from input 1 after; no axes (or empty ones) reduce everything unless
 * `noop_with_empty_axes`, which returns the input. Sum/Mean/Max/Min/Prod also fold on the host.
 */
import { abs, argmax, argmin, flip, log, logsumexp, max, mean, min, norm, prod, square, sub, sum } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axesArg, axesIn, axesWhat, axisIn } from './common.js';
import { hostReduce } from './host-kernels.js';
import type { HostReducer } from './host-kernels.js';

type DeviceReduce = (x: Tensor, axes: number[], keepdim: boolean) => Tensor;

/** The resolved axes to reduce, or null for "return the input unchanged". */
function reduceAxes(ctx: OpContext, rank: number, inputFrom: number): number[] | null {
  const given = axesArg(ctx, inputFrom);
  if (!given || given.length === 0) return ctx.attrs.int('noop_with_empty_axes', 0) === 1 ? null : [...Array(rank).keys()];
  return axesIn(ctx, given, rank, axesWhat(ctx, inputFrom));
}

function keepdims(ctx: OpContext): boolean {
  return ctx.attrs.int('keepdims', 1) !== 0;
}

function reduction(opType: string, inputFrom: number, device: DeviceReduce, host?: HostReducer): OpDef {
  return {
    opType,
    since: 1,
    hostInputs: [1],
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axes = reduceAxes(ctx, x.rank, inputFrom);
      // A 0-d input has no axis to reduce: reducing "everything" leaves it as it is.
      return axes === null || x.rank === 0 ? x : device(x, axes, keepdims(ctx));
    },
    runHost: host
      ? (ctx) => {
          const x: HostTensor = ctx.host(0);
          const axes = reduceAxes(ctx, x.shape.length, inputFrom);
          return axes === null ? x : hostReduce(x, axes, keepdims(ctx), host);
        }
      : undefined,
  };
}

const HOST_SUM: HostReducer = { init: 0, step: (a, v) => a + v };

/** ArgMax/ArgMin: int32 indices (ONNX int64); select_last_index (opset 12) flips the axis first. */
function argReduction(opType: 'ArgMax' | 'ArgMin'): OpDef {
  const arg = opType === 'ArgMax' ? argmax : argmin;
  return {
    opType,
    since: 1,
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axis = axisIn(ctx, ctx.attrs.int('axis', 0), x.rank);
      const keep = keepdims(ctx);
      if (ctx.opset < 12 || ctx.attrs.int('select_last_index', 0) === 0) return arg(x, axis, keep);
      return sub(x.shape[axis]! - 1, arg(flip(x, axis), axis, keep));
    },
  };
}

export const REDUCE_OPS: readonly OpDef[] = [
  reduction('ReduceSum', 13, sum, HOST_SUM),
  reduction('ReduceMean', 18, mean, { ...HOST_SUM, finish: (a, n) => a / n }),
  reduction('ReduceMax', 18, max, { init: -Infinity, step: (a, v) => (Number.isNaN(v) || v > a ? v : a) }),
  reduction('ReduceMin', 18, min, { init: Infinity, step: (a, v) => (Number.isNaN(v) || v < a ? v : a) }),
  reduction('ReduceProd', 18, prod, { init: 1, step: (a, v) => a * v }),
  reduction('ReduceL1', 18, (x, axes, keep) => sum(abs(x), axes, keep)),
  reduction('ReduceL2', 18, (x, axes, keep) => norm(x, 2, axes, keep)),
  reduction('ReduceLogSum', 18, (x, axes, keep) => log(sum(x, axes, keep))),
  reduction('ReduceLogSumExp', 18, logsumexp),
  reduction('ReduceSumSquare', 18, (x, axes, keep) => sum(square(x), axes, keep)),
  argReduction('ArgMax'),
  argReduction('ArgMin'),
];

/** Activations and Clip. Attribute defaults are the ONNX ones, which are not always PyTorch's. */
import { fmtShape } from '@pistil/backend';
import { abs, add, cast, clamp, div, elu, gt, leakyRelu, lt, mul, relu, reshape, sigmoid, softplus, sub, tanh, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { broadcastShapes } from './host.js';

// Selu's defaults as ONNX writes them (float32 values of the self-normalising constants).
const SELU_ALPHA = 1.67326319217681884765625;
const SELU_GAMMA = 1.05070102214813232421875;

function hardSigmoid(x: Tensor, alpha: number, beta: number): Tensor {
  return clamp(add(mul(x, alpha), beta), 0, 1);
}

/**
 * PRelu's slope broadcasts to X one way. Before opset 7 a 1-D slope of C values was per channel
 * (axis 1), as PyTorch exported it; from 7 it is NumPy broadcasting, so PyTorch exports [C, 1, 1].
 */
function preluSlope(ctx: OpContext, x: Tensor, slope: Tensor): Tensor {
  let s = slope;
  if (ctx.opset < 7 && s.rank === 1 && x.rank >= 2 && s.shape[0] === x.shape[1] && s.shape[0] !== 1)
    s = reshape(s, [s.shape[0]!, ...new Array<number>(x.rank - 2).fill(1)]);
  const joint = broadcastShapes(ctx, [x.shape, s.shape]);
  if (joint.length !== x.rank || joint.some((d, i) => d !== x.shape[i]))
    ctx.fail(`slope of shape ${fmtShape(slope.shape)} does not broadcast to X of shape ${fmtShape(x.shape)}`);
  return s;
}

/** The widest finite value of x's dtype: ONNX's default Clip bounds (so ±Infinity is clipped to it, as onnxruntime does). */
function dtypeLimit(x: Tensor): number {
  return x.dtype === 'float32' ? 3.4028234663852886e38 : x.dtype === 'float64' ? Number.MAX_VALUE : Infinity;
}

/** A Clip bound given as an input (opset ≥ 11): a scalar read on the host. */
function boundInput(ctx: OpContext, i: number, name: string): number | undefined {
  const h = ctx.optionalHost(i);
  if (!h) return undefined;
  if (h.size !== 1) ctx.fail(`input '${name}' must be a scalar, got shape ${fmtShape(h.shape)}`);
  return h.data[0]!;
}

function clip(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const limit = dtypeLimit(x);
  const lo = ctx.opset < 11 ? ctx.attrs.float('min', -limit) : (boundInput(ctx, 1, 'min') ?? -limit);
  const hi = ctx.opset < 11 ? ctx.attrs.float('max', limit) : (boundInput(ctx, 2, 'max') ?? limit);
  // clamp computes in float32, float64 or int32: uint8 goes through int32.
  if (x.dtype === 'uint8') return cast(clamp(cast(x, 'int32'), lo, hi), 'uint8');
  return clamp(x, lo, hi);
}

const act = (opType: string, since: number, run: (x: Tensor, ctx: OpContext) => Tensor): OpDef => ({
  opType,
  since,
  run: (ctx) => run(ctx.tensor(0), ctx),
});

export const ACTIVATION_OPS: readonly OpDef[] = [
  act('Relu', 1, (x) => relu(x)),
  act('LeakyRelu', 1, (x, ctx) => leakyRelu(x, ctx.attrs.float('alpha', 0.01))),
  {
    opType: 'PRelu',
    since: 1,
    run: (ctx) => {
      const x = ctx.tensor(0);
      return where(lt(x, 0), mul(x, preluSlope(ctx, x, ctx.tensor(1))), x);
    },
  },
  act('Elu', 1, (x, ctx) => elu(x, ctx.attrs.float('alpha', 1))),
  act('Selu', 1, (x, ctx) => mul(elu(x, ctx.attrs.float('alpha', SELU_ALPHA)), ctx.attrs.float('gamma', SELU_GAMMA))),
  act('Celu', 12, (x, ctx) => {
    const alpha = ctx.attrs.float('alpha', 1);
    if (alpha === 0) ctx.fail(`attribute 'alpha' = 0 would divide by zero`);
    return mul(elu(div(x, alpha), 1), alpha);
  }),
  act('ThresholdedRelu', 10, (x, ctx) => where(gt(x, ctx.attrs.float('alpha', 1)), x, 0)),
  act('Sigmoid', 1, (x) => sigmoid(x)),
  act('HardSigmoid', 1, (x, ctx) => hardSigmoid(x, ctx.attrs.float('alpha', 0.2), ctx.attrs.float('beta', 0.5))),
  act('HardSwish', 14, (x) => mul(x, hardSigmoid(x, 1 / 6, 0.5))),
  act('Tanh', 1, (x) => tanh(x)),
  act('Softplus', 1, (x) => softplus(x)),
  act('Softsign', 1, (x) => div(x, add(abs(x), 1))),
  act('Shrink', 9, (x, ctx) => {
    const bias = ctx.attrs.float('bias', 0);
    const lambd = ctx.attrs.float('lambd', 0.5);
    return where(lt(x, -lambd), add(x, bias), where(gt(x, lambd), sub(x, bias), 0));
  }),
  { opType: 'Clip', since: 1, hostInputs: [1, 2], run: clip },
];

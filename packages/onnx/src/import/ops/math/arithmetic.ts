/** Add, Sub, Mul, Div, Pow, Mod and the variadic Sum, Mean, Max, Min, with NumPy broadcasting. */
import { add, cast, div, logicalAnd, logicalXor, lt, maximum, minimum, mul, ne, pow, remainder, sub, trunc, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { isFloatElem } from '../../../elem-types.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { binaryOp } from './broadcast.js';
import { broadcastShapes, commonType, hostMap } from './host.js';

const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';

/** Integer division truncating toward zero (ONNX, C); exact for every int32 pair through float64. */
function truncDiv(a: Tensor, b: Tensor): Tensor {
  const q = trunc(div(cast(a, 'float64'), cast(b, 'float64')));
  return cast(q, a.dtype === b.dtype ? a.dtype : 'int32');
}

/**
 * Pow's result has the base's type (opset 12 lets the exponent's differ): an integer base with a
 * float exponent is computed in float64 and truncated back; a float base takes any exponent.
 */
function onnxPow(x: Tensor, y: Tensor): Tensor {
  if (isFloat(x)) return pow(x, isFloat(y) ? y : cast(y, x.dtype));
  if (!isFloat(y)) return pow(x, y.dtype === x.dtype ? y : cast(y, x.dtype));
  return cast(pow(cast(x, 'float64'), cast(y, 'float64')), x.dtype);
}

/** C's fmod (the sign of the dividend) from PyTorch's remainder (the sign of the divisor). */
function fmod(a: Tensor, b: Tensor): Tensor {
  const r = remainder(a, b);
  const signsDiffer = logicalAnd(ne(r, 0), logicalXor(lt(r, 0), lt(a, 0)));
  return where(signsDiffer, sub(r, b), r);
}

function modDevice(a: Tensor, b: Tensor, ctx: OpContext): Tensor {
  const useFmod = fmodAttribute(ctx);
  if (!useFmod && (isFloat(a) || isFloat(b))) ctx.fail(`attribute 'fmod' = 0 is for integers; floating-point Mod needs fmod=1`);
  return useFmod ? fmod(a, b) : remainder(a, b);
}

function fmodAttribute(ctx: OpContext): boolean {
  const v = ctx.attrs.int('fmod', 0);
  if (v !== 0 && v !== 1) ctx.fail(`attribute 'fmod' = ${v} must be 0 or 1`);
  return v === 1;
}

/** 1^y = 1 even for NaN y, as C's pow and onnxruntime. */
const cPow = (a: number, b: number): number => (a === 1 ? 1 : a ** b);

const pythonMod = (a: number, b: number): number => (b === 0 ? 0 : ((a % b) + b) % b);

const ARITHMETIC: OpDef[] = [
  binaryOp({ opType: 'Add', since: 1, device: (a, b) => add(a, b), host: () => (a, b) => a + b }),
  binaryOp({ opType: 'Sub', since: 1, device: (a, b) => sub(a, b), host: () => (a, b) => a - b }),
  binaryOp({ opType: 'Mul', since: 1, device: (a, b) => mul(a, b), host: () => (a, b) => a * b }),
  binaryOp({
    opType: 'Div',
    since: 1,
    device: (a, b) => (isFloat(a) || isFloat(b) ? div(a, b) : truncDiv(a, b)),
    host: (type) => (isFloatElem(type) ? (a, b) => a / b : (a, b) => (b === 0 ? 0 : Math.trunc(a / b))),
  }),
  binaryOp({
    opType: 'Pow',
    since: 1,
    device: onnxPow,
    host: () => cPow,
    hostType: (x) => x.type,
  }),
  binaryOp({
    opType: 'Mod',
    since: 10,
    notes: 'fmod=0 needs integers (as the spec)',
    device: modDevice,
    host: (type, ctx) => {
      const useFmod = fmodAttribute(ctx);
      if (!useFmod && isFloatElem(type)) ctx.fail(`attribute 'fmod' = 0 is for integers; floating-point Mod needs fmod=1`);
      return useFmod ? (a, b) => a % b : pythonMod;
    },
  }),
];

interface VariadicSpec {
  readonly opType: string;
  readonly combine: (a: Tensor, b: Tensor) => Tensor;
  readonly hostCombine: (a: number, b: number) => number;
  /** Mean divides the combined sum by the input count. */
  readonly mean?: boolean;
}

/** Sum, Mean, Max, Min: any number of inputs (at least one), broadcast together. */
function variadic(spec: VariadicSpec): OpDef {
  const inputsOf = <T>(ctx: OpContext, get: (i: number) => T): T[] => {
    if (ctx.inputCount === 0) ctx.fail('needs at least one input');
    return Array.from({ length: ctx.inputCount }, (_, i) => get(i));
  };
  return {
    opType: spec.opType,
    since: 1,
    run: (ctx) => {
      const xs = inputsOf(ctx, (i) => ctx.tensor(i));
      broadcastShapes(ctx, xs.map((x) => x.shape));
      if (xs.length === 1 && !spec.mean) return ctx.value(0)!;
      const total = xs.slice(1).reduce(spec.combine, xs[0]!);
      return spec.mean ? div(total, xs.length) : total;
    },
    runHost: (ctx) => {
      const xs = inputsOf(ctx, (i) => ctx.host(i));
      const n = xs.length;
      const fn = (...v: number[]): number => {
        const total = v.reduce(spec.hostCombine);
        return spec.mean ? total / n : total;
      };
      return hostMap(ctx, xs, commonType(xs), fn);
    },
  };
}

const VARIADIC: OpDef[] = [
  variadic({ opType: 'Sum', combine: add, hostCombine: (a, b) => a + b }),
  variadic({ opType: 'Mean', combine: add, hostCombine: (a, b) => a + b, mean: true }),
  variadic({ opType: 'Max', combine: maximum, hostCombine: (a, b) => (a !== a || b !== b ? NaN : Math.max(a, b)) }),
  variadic({ opType: 'Min', combine: minimum, hostCombine: (a, b) => (a !== a || b !== b ? NaN : Math.min(a, b)) }),
];

export const ARITHMETIC_OPS: readonly OpDef[] = [...ARITHMETIC, ...VARIADIC];

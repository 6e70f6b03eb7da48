/** Constant, ConstantOfShape, Identity and Dropout: ops that make or pass values through. */
import { fmtShape } from '@pistil/backend';
import { Tensor, cast, full, lt, mul, rand } from '@pistil/nn';
import { deviceDType } from '../../../elem-types.js';
import { HostTensor, allocFor, sizeOfShape } from '../../../host-tensor.js';
import type { OpContext, OpDef, Value } from '../../op-types.js';

const CONSTANT_ATTRIBUTES = ['value', 'value_float', 'value_floats', 'value_int', 'value_ints', 'value_string', 'value_strings', 'sparse_value'];

function constantValue(ctx: OpContext): HostTensor {
  const given = ctx.attrs.names().filter((n) => CONSTANT_ATTRIBUTES.includes(n));
  if (given.length !== 1) ctx.fail(`needs exactly one of ${CONSTANT_ATTRIBUTES.join(', ')}; got ${given.length === 0 ? 'none' : given.join(', ')}`);
  const a = ctx.attrs;
  switch (given[0]) {
    case 'value': return a.tensor('value');
    case 'value_float': return HostTensor.of('float32', [], [a.float('value_float')]);
    case 'value_int': return HostTensor.of('int64', [], [a.int('value_int')]);
    case 'value_floats': {
      const v = a.floats('value_floats');
      return HostTensor.of('float32', [v.length], v);
    }
    case 'value_ints': {
      const v = a.ints('value_ints');
      return HostTensor.of('int64', [v.length], v);
    }
    default: return ctx.unsupported(`attribute '${given[0]}': string and sparse constants are not supported`);
  }
}

/** ConstantOfShape's output: the shape input's dims filled with the one value of `value` (default float32 0). */
function constantOfShape(ctx: OpContext): { shape: number[]; fill: HostTensor } {
  const shapeInput = ctx.host(0);
  if (shapeInput.shape.length !== 1) ctx.fail(`input 'input' must be a 1-D shape, got shape ${fmtShape(shapeInput.shape)}`);
  const shape = shapeInput.numbers();
  if (sizeOfShape(shape) < 0) ctx.fail(`shape ${fmtShape(shape)} is not a valid shape (negative, fractional or over 2^31 - 1 elements)`);
  const fill = ctx.attrs.has('value') ? ctx.attrs.tensor('value') : HostTensor.of('float32', [1], [0]);
  if (fill.size !== 1) ctx.fail(`attribute 'value' must hold one element, got shape ${fmtShape(fill.shape)}`);
  return { shape, fill };
}

function hostConstantOfShape(ctx: OpContext): HostTensor {
  const { shape, fill } = constantOfShape(ctx);
  const data = allocFor(fill.type, sizeOfShape(shape));
  data.fill(fill.data[0]!);
  return new HostTensor(fill.type, shape, data);
}

/** Dropout's ratio: attribute before opset 12, optional input 1 (read on the host) from 12. */
function dropoutRatio(ctx: OpContext): number {
  const ratio = ctx.opset < 12 ? ctx.attrs.float('ratio', 0.5) : (ctx.optionalHost(1)?.data[0] ?? 0.5);
  if (!(ratio >= 0 && ratio < 1)) ctx.fail(`ratio ${ratio} must be in [0, 1)`);
  return ratio;
}

/**
 * Dropout drops in train mode, or where opset ≥ 12's training_mode input is true; otherwise it
 * passes its input through. The mask (bool from opset 10, the input's type before) marks kept values.
 * The seed attribute is ignored: masks come from Pistil's generator.
 */
function dropout(ctx: OpContext): (Value | undefined)[] {
  const ratio = dropoutRatio(ctx);
  const trainingMode = ctx.opset >= 12 && (ctx.optionalHost(2)?.data[0] ?? 0) !== 0;
  const wantMask = ctx.wantsOutput(1);
  const input = ctx.value(0);
  if (input === undefined) ctx.fail('input 0 (data) is required');
  if (!(ctx.training || trainingMode) || ratio === 0) {
    if (!wantMask) return [input];
    const maskType = ctx.opset >= 10 ? 'bool' : input instanceof Tensor ? input.dtype : deviceDType(input.type);
    if (input instanceof Tensor) return [input, full(input.shape, 1, { dtype: maskType, device: input.device })];
    return [input, HostTensor.of(ctx.opset >= 10 ? 'bool' : input.type, input.shape, new Array<number>(input.size).fill(1))];
  }
  const x = ctx.tensor(0);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') ctx.fail(`dropout in training needs a float input, got ${x.dtype}`);
  const keep = lt(rand(x.shape, { dtype: x.dtype, device: x.device }), 1 - ratio);
  const y = mul(x, mul(cast(keep, x.dtype), 1 / (1 - ratio)));
  return wantMask ? [y, ctx.opset >= 10 ? keep : cast(keep, x.dtype)] : [y];
}

export const CONSTANT_OPS: readonly OpDef[] = [
  { opType: 'Constant', since: 1, run: constantValue, runHost: constantValue, notes: 'no string or sparse values; the value is a host constant, not a parameter' },
  {
    opType: 'ConstantOfShape',
    since: 9,
    hostInputs: [0],
    run: (ctx) => {
      const shapeValue = ctx.value(0);
      // A shape computed on the device: fill on that device instead of on the host.
      if (!(shapeValue instanceof Tensor)) return hostConstantOfShape(ctx);
      const { shape, fill } = constantOfShape(ctx);
      return full(shape, fill.data[0]!, { dtype: deviceDType(fill.type), device: shapeValue.device });
    },
    runHost: hostConstantOfShape,
  },
  {
    opType: 'Identity',
    since: 1,
    notes: 'tensors only (no sequences or optionals)',
    run: (ctx) => ctx.value(0) ?? ctx.fail('input 0 is required'),
    runHost: (ctx) => ctx.host(0),
  },
  { opType: 'Dropout', since: 1, hostInputs: [1, 2], run: dropout, notes: 'drops in train mode or with training_mode true; `seed` and `is_test` are ignored' },
];

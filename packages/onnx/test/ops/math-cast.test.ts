import { grad, sum, tensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/errors.js';
import { GraphBuilder } from '../../src/export/graph-builder.js';
import { HostTensor, importOnnx } from '../../src/index.js';
import type { ElemType } from '../../src/elem-types.js';
import { buildOpModel, expectClose, runOrt, runPistil } from '../helpers/single-op.js';
import { attr, bool, checkOp, expectOpError, f64, gradcheckOp, host, i32, randomHost, runHostOp, u8 } from '../helpers/op-checks.js';

const CODES = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, BFLOAT16: 16 };
const specials = host.f32([12], [NaN, Infinity, -Infinity, 300.7, -1.5, 2.5, -129.9, 1e10, -3e9, 0.99, -0, 65535.5]);
// The finite ones within int32's range: int64 results beyond it cannot live on the device (int64 computes as int32).
const inRange = Array.from(specials.data).filter((v) => Math.abs(v) < 2 ** 31);
const specialsInRange = host.f32([inRange.length], inRange);

describe('Cast', () => {
  for (const to of ['INT32', 'INT64', 'INT8', 'UINT8', 'INT16', 'UINT16', 'BOOL', 'DOUBLE', 'FLOAT'] as const) {
    it(`FLOAT → ${to}: truncation toward zero, NaN/Inf/out-of-range and wrapping as onnxruntime`, async () => {
      // The rest of the INT64 case is checked on the host only.
      const feeds = { x: to === 'INT64' ? specialsInRange : specials };
      const c = { opType: 'Cast', attrs: { to: attr.int(CODES[to]) }, inputs: ['x'], feeds };
      const narrow: Partial<Record<string, ElemType>> = { INT8: 'int8', INT16: 'int16', UINT16: 'uint16' };
      await checkOp(c, { hostType: narrow[to] });
      if (to === 'INT64') {
        const [onHost] = runHostOp({ ...c, feeds: { x: specials } });
        expect(Array.from(onHost!.data)).toEqual([-(2 ** 63), -(2 ** 63), -(2 ** 63), 300, -1, 2, -129, 1e10, -3e9, 0, 0, 65535]);
      }
    });
  }
  it('integer and bool sources: narrowing wraps, bool is x ≠ 0', async () => {
    const x = i32([300, -1, 128, -129, 0, 70000]);
    const narrow: Partial<Record<string, ElemType>> = { INT8: 'int8', INT16: 'int16', UINT16: 'uint16' };
    for (const to of ['INT8', 'UINT8', 'INT16', 'UINT16', 'BOOL', 'FLOAT', 'INT64'] as const) await checkOp({ opType: 'Cast', attrs: { to: attr.int(CODES[to]) }, inputs: ['x'], feeds: { x } }, { hostType: narrow[to] });
    await checkOp({ opType: 'Cast', attrs: { to: attr.int(CODES.INT8) }, inputs: ['x'], feeds: { x: u8([200, 127, 0]) } }, { hostType: 'int8' });
    await checkOp({ opType: 'Cast', attrs: { to: attr.int(CODES.FLOAT) }, inputs: ['x'], feeds: { x: bool([1, 0]) } });
    await checkOp({ opType: 'Cast', attrs: { to: attr.int(CODES.INT32) }, inputs: ['x'], feeds: { x: host.i64([5, -7]) } });
  });
  it('DOUBLE → FLOAT rounds to float32', async () => {
    await checkOp({ opType: 'Cast', attrs: { to: attr.int(CODES.FLOAT) }, inputs: ['x'], feeds: { x: f64([3], [0.1, 1 + 2 ** -30, 1e300]) } }, { rtol: 0, atol: 0 });
  });
  it('host results keep the target ONNX type', () => {
    for (const [to, type] of [['INT8', 'int8'], ['UINT16', 'uint16'], ['INT64', 'int64'], ['FLOAT16', 'float16'], ['BOOL', 'bool']] as const) {
      const [y] = runHostOp({ opType: 'Cast', attrs: { to: attr.int(CODES[to]) }, inputs: ['x'], feeds: { x: host.f32([2], [1.5, -2]) } });
      expect(y!.type).toBe(type as ElemType);
    }
  });
  it('string `to` before opset 6', () => {
    const x = host.f32([3], [1.7, -2.2, 0]);
    const [y] = runPistil(buildOpModel({ opType: 'Cast', opset: 5, attrs: { to: attr.string('int32') }, inputs: ['x'], feeds: { x } }), { x });
    expect(y!.type).toBe('int32');
    expect(Array.from(y!.data)).toEqual([1, -2, 0]);
  });
  it('bad `to` values: unknown codes are OnnxFormatErrors, strings OnnxUnsupportedErrors, naming the attribute', () => {
    const feeds = { x: randomHost([2]) };
    expectOpError({ opType: 'Cast', attrs: { to: attr.int(99) }, inputs: ['x'], feeds }, OnnxFormatError, /'to' = 99/, { hostPath: true });
    expectOpError({ opType: 'Cast', attrs: { to: attr.int(CODES.STRING) }, inputs: ['x'], feeds }, OnnxUnsupportedError, /'to' = 8 \(STRING\)/, { hostPath: true });
    expectOpError({ opType: 'Cast', opset: 5, attrs: { to: attr.string('NUMBER') }, inputs: ['x'], feeds }, OnnxFormatError, /'to' = 'NUMBER'/);
    expectOpError({ opType: 'Cast', inputs: ['x'], feeds }, OnnxFormatError, /'to' is missing/);
  });
});

/** x → Cast(to) → Cast(FLOAT): onnxruntime cannot hand float16/bfloat16 tensors to JS, so they come back as float32. */
function roundTrip(x: HostTensor, to: number): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', x.type, x.shape);
  g.node({ opType: 'Cast', inputs: ['x'], outputs: ['h'], attrs: { to: attr.int(to) }, name: 'under_test' });
  g.node({ opType: 'Cast', inputs: ['h'], outputs: ['y0'], attrs: { to: attr.int(x.type === 'float64' ? CODES.DOUBLE : CODES.FLOAT) } });
  g.output('y0', x.type);
  return g.encode({ opset: 13 });
}

describe('Cast to FLOAT16 and BFLOAT16 rounds to their precision', () => {
  const half = host.f32([14], [1 + 2 ** -11, 1 + 3 * 2 ** -11, 0.1, 1e-6, 6e-8, 3e-8, 2.9802322387695312e-8, 65504, 65519, 65520, -70000, NaN, -Infinity, -0]);
  const bf = host.f32([10], [0.48033666, 0.81910545, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 3e38, 3.4e38, 1e-39, NaN, Infinity, -2.5]);
  const cases: [string, HostTensor, number][] = [['FLOAT16', half, CODES.FLOAT16], ['BFLOAT16', bf, CODES.BFLOAT16], ['FLOAT16 from DOUBLE', f64([3], [1 + 2 ** -11 + 2 ** -40, 0.1, 70000]), CODES.FLOAT16]];
  for (const [name, x, to] of cases) {
    it(`${name}: ties to even, subnormals, overflow to Infinity (device and host, as onnxruntime)`, async () => {
      const bytes = roundTrip(x, to);
      const [expected] = await runOrt(bytes, { x });
      const [device] = runPistil(bytes, { x });
      expectClose(device!, expected!, { rtol: 0, atol: 0 });
      const [onHost] = runHostOp({ opType: 'Cast', attrs: { to: attr.int(to) }, inputs: ['x'], feeds: { x } });
      expectClose(onHost!, expected!, { rtol: 0, atol: 0 });
    });
  }
  it('the gradient passes straight through, as PyTorch .half()', () => {
    const model = importOnnx(buildOpModel({ opType: 'Cast', attrs: { to: attr.int(CODES.FLOAT16) }, inputs: ['x'], feeds: { x: randomHost([4]) } }));
    const g = grad((x: Tensor) => sum(model.run({ x }).y0!))(tensor([0.1, 1e-6, -3, 70000]));
    expect(Array.from(g.dataSync() as ArrayLike<number>)).toEqual([1, 1, 1, 1]);
    model.dispose();
  });
});

describe('CastLike', () => {
  it('takes the type of an initializer target', async () => {
    for (const t of [host.i64([0], []), bool([0], []), f64([], [0])]) await checkOp({ opType: 'CastLike', opset: 15, inputs: ['x', 't'], feeds: { x: specialsInRange }, initializers: { t } });
  });
  it('takes the type of a graph input target, and folds on the host', async () => {
    await checkOp({ opType: 'CastLike', opset: 15, inputs: ['x', 't'], feeds: { x: randomHost([2, 3], 51, -5, 5), t: i32([0]) } });
  });
});

describe('gradients', () => {
  it('Cast FLOAT → DOUBLE', () => gradcheckOp({ opType: 'Cast', attrs: { to: attr.int(CODES.DOUBLE) }, inputs: ['x'], feeds: { x: randomHost([2, 3], 52) } }, ['x']));
  it('CastLike to a double target', () => gradcheckOp({ opType: 'CastLike', opset: 15, inputs: ['x', 't'], feeds: { x: randomHost([3], 53), t: f64([1], [0]) } }, ['x']));
});

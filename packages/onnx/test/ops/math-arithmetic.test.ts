import { describe, expect, it, vi } from 'vitest';
import { HostTensor, importOnnx } from '../../src/index.js';
import { OnnxFormatError } from '../../src/errors.js';
import { GraphBuilder } from '../../src/export/graph-builder.js';
import { findOp } from '../../src/import/ops/index.js';
import { buildOpModel, expectClose, runOrt, runPistil } from '../helpers/single-op.js';
import { attr, checkOp, expectOpError, f64, gradcheckOp, host, i32, randomHost, runHostOp, u8 } from '../helpers/op-checks.js';

const x234 = randomHost([2, 3, 4], 1);
const b31 = randomHost([3, 1], 2, 0.5, 2);

describe('Add, Sub, Mul, Div', () => {
  for (const opType of ['Add', 'Sub', 'Mul', 'Div']) {
    for (const opset of [7, 14]) {
      it(`${opType} float32 with NumPy broadcasting (opset ${opset})`, async () => {
        await checkOp({ opType, opset, inputs: ['a', 'b'], feeds: { a: x234, b: b31 } });
      });
    }
    it(`${opType} int64 with mixed signs stays integer`, async () => {
      await checkOp({ opType, inputs: ['a', 'b'], feeds: { a: host.i64([-7, 7, -7, 7, 9, -9], [2, 3]), b: host.i64([2, -2, 4], [3]) } });
    });
    it(`${opType} uint8 (opset 14) wraps as onnxruntime`, async () => {
      await checkOp({ opType, opset: 14, inputs: ['a', 'b'], feeds: { a: u8([250, 3, 7, 200]), b: u8([10, 5, 2, 3]) } });
    });
    it(`${opType} float64`, async () => {
      await checkOp({ opType, inputs: ['a', 'b'], feeds: { a: f64([3], [1.5, -2.25, 1e-300]), b: f64([1], [3]) } });
    });
  }

  it('Div of int32 truncates toward zero and is exact beyond float32 precision', async () => {
    await checkOp({ opType: 'Div', inputs: ['a', 'b'], feeds: { a: i32([2147483647, -2147483647, -16777217, 5]), b: i32([3, 7, 1, -2]) } });
  });

  it('a scalar operand broadcasts', async () => {
    await checkOp({ opType: 'Mul', inputs: ['a', 'b'], feeds: { a: x234 }, initializers: { b: host.f32([], [2.5]) } });
  });

  it('legacy broadcast=1 with axis (opset 6) lines B up from axis', () => {
    const a = randomHost([2, 3, 4], 3);
    const b = host.f32([3], [10, 20, 30]);
    const [y] = runPistil(buildLegacy('Add', a, b, { broadcast: attr.int(1), axis: attr.int(1) }), { a, b });
    const expected = Array.from(a.data, (v, i) => v + b.data[Math.floor(i / 4) % 3]!);
    expectClose(y!, HostTensor.of('float32', [2, 3, 4], expected));
  });

  it('legacy broadcast=1 without axis is suffix (NumPy) alignment', () => {
    const a = randomHost([2, 3], 4);
    const b = host.f32([3], [1, 2, 3]);
    const [y] = runPistil(buildLegacy('Sub', a, b, { broadcast: attr.int(1) }), { a, b });
    expectClose(y!, HostTensor.of('float32', [2, 3], Array.from(a.data, (v, i) => v - b.data[i % 3]!)));
  });

  it('legacy axis that cannot place B is an OnnxFormatError naming the attribute', () => {
    expectOpError(
      { opType: 'Add', opset: 6, attrs: { broadcast: attr.int(1), axis: attr.int(2) }, inputs: ['a', 'b'], feeds: { a: randomHost([2, 3]), b: randomHost([3]) } },
      OnnxFormatError,
      /'axis' = 2/,
    );
  });

  it('shapes that do not broadcast are an OnnxFormatError naming the node', () => {
    expectOpError({ opType: 'Add', inputs: ['a', 'b'], feeds: { a: randomHost([2, 3]), b: randomHost([4]) } }, OnnxFormatError, /do not broadcast/, { hostPath: true });
  });
});

function buildLegacy(opType: string, a: HostTensor, b: HostTensor, attrs: Record<string, ReturnType<typeof attr.int>>): Uint8Array {
  const g = new GraphBuilder();
  g.input('a', a.type, a.shape);
  g.input('b', b.type, b.shape);
  g.node({ opType, inputs: ['a', 'b'], outputs: ['y0'], attrs, name: 'under_test' });
  g.output('y0', a.type);
  return g.encode({ opset: 6 });
}

describe('Pow', () => {
  const base = randomHost([2, 3], 5, 0.1, 3);
  it('float ^ float (opsets 7 and 15)', async () => {
    for (const opset of [7, 15]) await checkOp({ opType: 'Pow', opset, inputs: ['x', 'y'], feeds: { x: base, y: randomHost([3], 6, -2, 2) } });
  });
  it('negative float base with integral exponents', async () => {
    await checkOp({ opType: 'Pow', inputs: ['x', 'y'], feeds: { x: host.f32([4], [-2, -3, -0.5, 0]), y: host.f32([4], [3, 2, -1, 0]) } });
  });
  it('float base with an int64 exponent (opset 12 type split)', async () => {
    for (const opset of [12, 15]) await checkOp({ opType: 'Pow', opset, inputs: ['x', 'y'], feeds: { x: base, y: host.i64([2, -1, 3]) } });
  });
  it('int64 base with an int64 exponent stays integer', async () => {
    await checkOp({ opType: 'Pow', opset: 15, inputs: ['x', 'y'], feeds: { x: host.i64([2, -3, 5, 7]), y: host.i64([10, 3, 0, 2]) } });
  });
  it('int32 base with a float exponent gives int32 (opset 15)', async () => {
    await checkOp({ opType: 'Pow', opset: 15, inputs: ['x', 'y'], feeds: { x: i32([2, 3, 4, 9]), y: host.f32([4], [2, 1.5, 0.5, 0.5]) } });
  });
});

describe('Mod', () => {
  const a = host.i64([-7, 7, -7, 7, 5, -4]);
  const b = host.i64([3, 3, -3, -3, 5, 3]);
  it('integers with fmod=0 take the sign of the divisor', async () => {
    await checkOp({ opType: 'Mod', inputs: ['a', 'b'], feeds: { a, b } });
  });
  it('integers with fmod=1 take the sign of the dividend', async () => {
    await checkOp({ opType: 'Mod', attrs: { fmod: attr.int(1) }, inputs: ['a', 'b'], feeds: { a, b } });
  });
  it('floats with fmod=1, broadcasting', async () => {
    await checkOp({ opType: 'Mod', attrs: { fmod: attr.int(1) }, inputs: ['a', 'b'], feeds: { a: randomHost([2, 3], 7, -5, 5), b: host.f32([3], [1.5, -2, 0.7]) } });
  });
  it('float Mod with fmod=0 and fmod=2 are OnnxFormatErrors naming fmod', () => {
    const feeds = { a: randomHost([3]), b: randomHost([3], 2) };
    expectOpError({ opType: 'Mod', inputs: ['a', 'b'], feeds }, OnnxFormatError, /'fmod' = 0/, { hostPath: true });
    expectOpError({ opType: 'Mod', attrs: { fmod: attr.int(2) }, inputs: ['a', 'b'], feeds }, OnnxFormatError, /'fmod' = 2/, { hostPath: true });
  });
});

describe('Sum, Mean, Max, Min', () => {
  const feeds = { a: randomHost([2, 1, 4], 8), b: randomHost([3, 1], 9), c: randomHost([4], 10) };
  for (const opType of ['Sum', 'Mean', 'Max', 'Min']) {
    for (const opset of [8, 13]) {
      it(`${opType} of three broadcast inputs (opset ${opset})`, async () => {
        await checkOp({ opType, opset, inputs: ['a', 'b', 'c'], feeds });
      });
    }
    it(`${opType} of one input`, async () => {
      await checkOp({ opType, inputs: ['a'], feeds: { a: feeds.a } });
    });
  }
  it('Max and Min of int64 (opset 12) stay integer', async () => {
    for (const opType of ['Max', 'Min']) await checkOp({ opType, opset: 12, inputs: ['a', 'b'], feeds: { a: host.i64([1, -5, 9]), b: host.i64([3], [1]) } });
  });
});

describe('host shape arithmetic', () => {
  it('int64 beyond int32 is exact on the host, as onnxruntime', async () => {
    const c = { opType: 'Mul', inputs: ['a', 'b'], feeds: { a: host.i64([2 ** 40, -(2 ** 33)]), b: host.i64([3]) } };
    const [expected] = await runOrt(buildOpModel(c), c.feeds);
    const [got] = runHostOp(c);
    expect(got!.type).toBe('int64');
    expect(Array.from(got!.data)).toEqual(Array.from(expected!.data));
  });

  it("Shape-style chains of Constant → Div → Mul → Add → Sub fold on the host and never run on the device", () => {
    // PyTorch's chunk export: size = (dim + n - 1) / n; offsets = size * k.
    const g = new GraphBuilder();
    g.node({ opType: 'Constant', inputs: [], outputs: ['dim'], attrs: { value: attr.tensor(host.i64([10], [1])) } });
    g.node({ opType: 'Constant', inputs: [], outputs: ['n'], attrs: { value: attr.tensor(host.i64([3], [1])) } });
    g.node({ opType: 'Constant', inputs: [], outputs: ['one'], attrs: { value_ints: attr.ints([1]) } });
    g.node({ opType: 'Add', inputs: ['dim', 'n'], outputs: ['s1'] });
    g.node({ opType: 'Sub', inputs: ['s1', 'one'], outputs: ['s2'] });
    g.node({ opType: 'Div', inputs: ['s2', 'n'], outputs: ['size'] });
    g.node({ opType: 'Mul', inputs: ['size', 'n'], outputs: ['y0'] });
    g.output('y0', 'int64');
    const model = importOnnx(g.encode({ opset: 13 }));
    const spies = ['Add', 'Sub', 'Div', 'Mul'].map((op) => ({ run: vi.spyOn(findOp(op)!, 'run'), runHost: vi.spyOn(findOp(op)!, 'runHost') }));
    try {
      const y = model.run({}).y0!;
      expect(y.dtype).toBe('int32');
      expect(Array.from(y.dataSync() as ArrayLike<number>)).toEqual([12]);
      for (const s of spies) {
        expect(s.run).not.toHaveBeenCalled();
        expect(s.runHost).toHaveBeenCalledTimes(1);
      }
    } finally {
      for (const s of spies) {
        s.run.mockRestore();
        s.runHost.mockRestore();
      }
      model.dispose();
    }
  });
});

describe('gradients', () => {
  const a = randomHost([2, 3], 11, 0.5, 2);
  const b = randomHost([3], 12, 0.5, 2);
  for (const opType of ['Add', 'Sub', 'Mul', 'Div', 'Pow']) {
    it(`${opType} (both operands, broadcast)`, () => gradcheckOp({ opType, inputs: ['a', 'b'], feeds: { a, b } }, ['a', 'b']));
  }
  it('Mod with fmod=1', () => gradcheckOp({ opType: 'Mod', attrs: { fmod: attr.int(1) }, inputs: ['a', 'b'], feeds: { a: randomHost([2, 3], 13, -5, 5), b: host.f32([3], [1.3, -1.7, 2.1]) } }, ['a', 'b']));
  for (const opType of ['Sum', 'Mean', 'Max', 'Min']) {
    it(`${opType} of three inputs`, () => gradcheckOp({ opType, inputs: ['a', 'b', 'c'], feeds: { a, b, c: randomHost([1, 3], 14) } }, ['a', 'b', 'c']));
  }
});

import { describe, expect, it } from 'vitest';
import { HostTensor, OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { buildOpModel, expectClose, runOrt } from '../helpers/single-op.js';
import { attr, checkOp, expectOpError, f64, gradcheckOp, host, i32, randomHost, runHostOp } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

describe('Range', () => {
  const scalars = (type: 'int64' | 'float32' | 'int32', start: number, limit: number, delta: number): Record<string, HostTensor> => ({
    s: HostTensor.of(type, [], [start]),
    l: HostTensor.of(type, [], [limit]),
    d: HostTensor.of(type, [], [delta]),
  });
  it('matches onnxruntime for int and float ranges, both directions and empty', async () => {
    for (const [type, s, l, d] of [['int64', 0, 5, 1], ['int64', 10, 2, -3], ['int32', 3, 3, 1], ['float32', 1, 2.1, 0.25], ['float32', 2, -1, -0.5], ['int64', 5, 0, 2]] as const)
      await checkOp({ opType: 'Range', opset: 11, inputs: ['s', 'l', 'd'], feeds: scalars(type, s, l, d) });
  });

  it('refuses a zero delta and non-scalar inputs', () => {
    expectOpError({ opType: 'Range', inputs: ['s', 'l', 'd'], feeds: scalars('int64', 0, 5, 0) }, OnnxFormatError, /input 'delta' is 0/);
    expectOpError({ opType: 'Range', inputs: ['s', 'l', 'd'], feeds: { ...scalars('int64', 0, 5, 1), s: host.i64([0, 1]) } }, OnnxFormatError, /input 'start' must hold one value/);
  });
});

describe('EyeLike', () => {
  it('puts ones on diagonal k in the input type or dtype', async () => {
    const x = randomHost([3, 4], 61);
    for (const k of [0, 1, -2, 5]) await checkOp({ opType: 'EyeLike', attrs: { k: attr.int(k) }, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'EyeLike', attrs: { dtype: attr.int(7) }, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'EyeLike', attrs: { dtype: attr.int(11), k: attr.int(-1) }, inputs: ['x'], feeds: { x: host.i64([1, 2, 3, 4, 5, 6], [2, 3]) } });
    expect(runHostOp({ opType: 'EyeLike', attrs: { dtype: attr.int(7) }, inputs: ['x'], feeds: { x } })[0]!.type).toBe('int64');
  });

  it('refuses a non-2-D input and an unknown dtype', () => {
    expectOpError({ opType: 'EyeLike', inputs: ['x'], feeds: { x: randomHost([3]) } }, OnnxFormatError, /must be 2-D/);
    expectOpError({ opType: 'EyeLike', attrs: { dtype: attr.int(8) }, inputs: ['x'], feeds: { x: randomHost([2, 2]) } }, OnnxUnsupportedError, /'dtype' = STRING/);
  });
});

describe('NonZero', () => {
  const x = host.f32([2, 3], [0, 1.5, 0, -2, 0, 3]);
  it('is computed on the host for constants, as onnxruntime', async () => {
    await checkOp({ opType: 'NonZero', inputs: ['x'], initializers: { x } });
    const c: OpCase = { opType: 'NonZero', inputs: ['x'], feeds: { x } };
    const [expected] = await runOrt(buildOpModel(c), c.feeds!);
    expectClose(runHostOp(c)[0]!, expected!);
    expectClose(runHostOp({ opType: 'NonZero', inputs: ['x'], feeds: { x: host.i64([0, 0]) } })[0]!, HostTensor.of('int64', [1, 0], []));
  });

  it('is unsupported on a computed tensor (its output shape depends on the data)', () => {
    expectOpError({ opType: 'NonZero', inputs: ['x'], feeds: { x } }, OnnxUnsupportedError, /depends on the data/);
  });
});

describe('OneHot', () => {
  const indices = host.i64([0, 2, -1, 1, -3, 5], [2, 3]);
  const oneHotCase = (axis: number | undefined, opset = 11, depth: HostTensor = host.i64([3], []), idx: HostTensor = indices): OpCase => ({
    opType: 'OneHot',
    opset,
    attrs: axis === undefined ? {} : { axis: attr.int(axis) },
    inputs: ['i', 'd', 'v'],
    feeds: { i: idx },
    initializers: { d: depth, v: host.f32([2], [-0.5, 2]) },
  });

  it('matches onnxruntime for each axis, negative and out-of-range indices (opsets 9, 11)', async () => {
    for (const axis of [undefined, 0, 1, 2, -1, -2]) await checkOp(oneHotCase(axis));
    await checkOp(oneHotCase(1, 9, host.i64([4], []), host.i64([0, 3, 1, 2], [2, 2])));
    await checkOp(oneHotCase(-1, 11, host.f32([], [4]), host.f32([2], [1.7, -1])));
  });

  it('refuses an axis out of range and a bad depth', () => {
    expectOpError(oneHotCase(3), OnnxFormatError, /'axis' = 3/);
    expectOpError(oneHotCase(-1, 11, host.i64([0], [])), OnnxFormatError, /'depth' = 0/);
  });
});

describe('Trilu', () => {
  const trilu = (upper: number, k: number | undefined, x: HostTensor = randomHost([2, 3, 5], 62)): OpCase => ({
    opType: 'Trilu',
    opset: 14,
    attrs: { upper: attr.int(upper) },
    inputs: k === undefined ? ['x'] : ['x', 'k'],
    feeds: { x },
    initializers: k === undefined ? {} : { k: host.i64([k], []) },
  });

  it('keeps the upper or lower triangle above or below diagonal k', async () => {
    for (const upper of [0, 1]) for (const k of [undefined, 0, 2, -1, -4, 7]) await checkOp(trilu(upper, k));
    await checkOp(trilu(1, 1, host.i64([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3])));
    await checkOp(trilu(0, 0, i32([1, 2, 3, 4], [2, 2])));
  });

  it('refuses a 1-D input', () => {
    expectOpError(trilu(1, 0, randomHost([4])), OnnxFormatError, /rank ≥ 2/);
  });

  it('is differentiable', () => {
    gradcheckOp(trilu(0, 0, f64([2, 2], [1, 2, 3, 4])), ['x']);
  });
});

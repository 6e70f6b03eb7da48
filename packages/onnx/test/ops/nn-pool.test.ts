import { describe, expect, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import type { AttrValue } from '../../src/export/graph-builder.js';
import { HostTensor } from '../../src/host-tensor.js';
import { buildOpModel, checkAgainstOrt, randomHost, runPistil } from '../helpers/single-op.js';

const TOL = { rtol: 1e-5, atol: 1e-6 };
type Attrs = Record<string, AttrValue>;

/** Window settings every pool is checked with (2-D): pads, strides, ceil mode, auto_pad. */
const WINDOWS_2D: Attrs[] = [
  { kernel_shape: attr.ints([3, 3]) },
  { kernel_shape: attr.ints([2, 3]), strides: attr.ints([2, 1]) },
  { kernel_shape: attr.ints([3, 2]), pads: attr.ints([1, 0, 1, 1]), strides: attr.ints([2, 2]) },
  { kernel_shape: attr.ints([3, 3]), pads: attr.ints([0, 2, 1, 0]), strides: attr.ints([1, 2]) },
  { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1) },
  { kernel_shape: attr.ints([2, 2]), strides: attr.ints([3, 2]), pads: attr.ints([1, 1, 1, 1]), ceil_mode: attr.int(1) },
  { kernel_shape: attr.ints([3, 2]), strides: attr.ints([2, 2]), auto_pad: attr.string('SAME_UPPER') },
  { kernel_shape: attr.ints([3, 2]), strides: attr.ints([2, 3]), auto_pad: attr.string('SAME_LOWER') },
  { kernel_shape: attr.ints([2, 2]), auto_pad: attr.string('VALID'), strides: attr.ints([2, 2]) },
];

const WINDOWS_1D: Attrs[] = [
  { kernel_shape: attr.ints([3]) },
  { kernel_shape: attr.ints([3]), strides: attr.ints([2]), pads: attr.ints([1, 2]) },
  { kernel_shape: attr.ints([2]), strides: attr.ints([2]), ceil_mode: attr.int(1) },
  { kernel_shape: attr.ints([4]), strides: attr.ints([3]), auto_pad: attr.string('SAME_LOWER') },
];

const WINDOWS_3D: Attrs[] = [
  { kernel_shape: attr.ints([2, 2, 3]) },
  { kernel_shape: attr.ints([3, 2, 2]), strides: attr.ints([2, 1, 2]), pads: attr.ints([1, 0, 1, 0, 1, 0]) },
  { kernel_shape: attr.ints([2, 3, 2]), strides: attr.ints([2, 2, 3]), ceil_mode: attr.int(1) },
  { kernel_shape: attr.ints([3, 3, 3]), strides: attr.ints([2, 1, 2]), auto_pad: attr.string('SAME_UPPER') },
];

describe('MaxPool', () => {
  const x = randomHost([2, 3, 8, 7], 1);
  const x1 = randomHost([2, 3, 9], 2);

  it('2-D windows, opsets 8, 10 and 12', async () => {
    for (const attrs of WINDOWS_2D) {
      for (const opset of [10, 12]) await checkAgainstOrt({ opType: 'MaxPool', opset, attrs, inputs: ['x'], feeds: { x } }, TOL);
      if (!attrs.ceil_mode) await checkAgainstOrt({ opType: 'MaxPool', opset: 8, attrs, inputs: ['x'], feeds: { x } }, TOL);
    }
  });

  it('dilations (opset 10+)', async () => {
    await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 3]), dilations: attr.ints([2, 2]), pads: attr.ints([1, 1, 0, 2]) }, inputs: ['x'], feeds: { x } }, TOL);
    await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 2]), dilations: attr.ints([2, 1]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1) }, inputs: ['x'], feeds: { x } }, TOL);
  });

  it('1-D windows', async () => {
    for (const attrs of WINDOWS_1D) await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs, inputs: ['x'], feeds: { x: x1 } }, TOL);
  });

  it('3-D windows', async () => {
    const x3 = randomHost([2, 2, 5, 4, 6], 9);
    for (const attrs of WINDOWS_3D) await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs, inputs: ['x'], feeds: { x: x3 } }, TOL);
    await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 2, 2]), dilations: attr.ints([2, 1, 2]), pads: attr.ints([0, 1, 1, 1, 0, 0]) }, inputs: ['x'], feeds: { x: x3 } }, TOL);
  });

  it('the Indices output, row-major and column-major (storage_order)', async () => {
    for (const attrs of [WINDOWS_2D[0]!, WINDOWS_2D[2]!, WINDOWS_2D[5]!, { kernel_shape: attr.ints([2, 2]), dilations: attr.ints([2, 2]) }]) {
      for (const order of [0, 1]) await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: { ...attrs, storage_order: attr.int(order) }, inputs: ['x'], feeds: { x }, outputs: 2 }, TOL);
    }
    await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: WINDOWS_1D[1]!, inputs: ['x'], feeds: { x: x1 }, outputs: 2 }, TOL);
  });

  it('uint8 input (opset 12)', async () => {
    const u = randomHost([1, 2, 5, 5], 3, 0, 255, 'uint8');
    await checkAgainstOrt({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 2]), pads: attr.ints([1, 1, 0, 0]) }, inputs: ['x'], feeds: { x: u } }, TOL);
  });

  it('rejects a missing or malformed kernel_shape; refuses 4-D pooling and 3-D Indices', () => {
    const bad = buildOpModel({ opType: 'MaxPool', attrs: { kernel_shape: attr.ints([2, 0]) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(bad, { x })).toThrow(/under_test.*'kernel_shape' = \[2, 0\]/);
    const missing = buildOpModel({ opType: 'MaxPool', inputs: ['x'], feeds: { x } });
    expect(() => runPistil(missing, { x })).toThrow(OnnxFormatError);
    const tooBig = buildOpModel({ opType: 'MaxPool', attrs: { kernel_shape: attr.ints([9, 9]) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(tooBig, { x })).toThrow(/under_test.*too small/);
    const x4 = randomHost([1, 1, 2, 2, 2, 2], 1);
    const four = buildOpModel({ opType: 'MaxPool', attrs: { kernel_shape: attr.ints([2, 2, 2, 2]) }, inputs: ['x'], feeds: { x: x4 } });
    expect(() => runPistil(four, { x: x4 })).toThrow(OnnxUnsupportedError);
    const x3 = randomHost([1, 1, 3, 3, 3], 1);
    const indices = buildOpModel({ opType: 'MaxPool', opset: 12, attrs: { kernel_shape: attr.ints([2, 2, 2]) }, inputs: ['x'], feeds: { x: x3 }, outputs: 2 });
    expect(() => runPistil(indices, { x: x3 })).toThrow(OnnxUnsupportedError);
  });
});

describe('AveragePool', () => {
  const x = randomHost([2, 3, 8, 7], 4);
  const x1 = randomHost([2, 3, 9], 5);

  it('2-D windows with and without count_include_pad (opsets 7, 10, 11)', async () => {
    for (const attrs of WINDOWS_2D) {
      for (const include of [0, 1]) {
        await checkAgainstOrt({ opType: 'AveragePool', opset: 11, attrs: { ...attrs, count_include_pad: attr.int(include) }, inputs: ['x'], feeds: { x } }, TOL);
        if (!attrs.ceil_mode) await checkAgainstOrt({ opType: 'AveragePool', opset: 7, attrs: { ...attrs, count_include_pad: attr.int(include) }, inputs: ['x'], feeds: { x } }, TOL);
      }
    }
  });

  it('3-D windows', async () => {
    const x3 = randomHost([2, 2, 5, 4, 6], 10);
    for (const attrs of WINDOWS_3D) {
      for (const include of [0, 1]) await checkAgainstOrt({ opType: 'AveragePool', opset: 11, attrs: { ...attrs, count_include_pad: attr.int(include) }, inputs: ['x'], feeds: { x: x3 } }, TOL);
    }
  });

  it('1-D windows', async () => {
    for (const attrs of WINDOWS_1D) {
      for (const include of [0, 1]) await checkAgainstOrt({ opType: 'AveragePool', opset: 11, attrs: { ...attrs, count_include_pad: attr.int(include) }, inputs: ['x'], feeds: { x: x1 } }, TOL);
    }
  });

  it('rejects malformed pads naming the attribute', () => {
    const bytes = buildOpModel({ opType: 'AveragePool', attrs: { kernel_shape: attr.ints([2, 2]), pads: attr.ints([1, 1, -1, 0]) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(bytes, { x })).toThrow(/under_test.*'pads' = \[1, 1, -1, 0\]/);
  });
});

describe('LpPool and the global pools', () => {
  const x = randomHost([2, 3, 6, 5], 6);

  it('LpPool p = 1, 2, 3 over 2-D and 1-D windows', async () => {
    for (const p of [1, 2, 3]) {
      for (const attrs of [WINDOWS_2D[0]!, WINDOWS_2D[2]!, WINDOWS_2D[6]!]) {
        const { ceil_mode: _, ...rest } = attrs;
        await checkAgainstOrt({ opType: 'LpPool', opset: 11, attrs: { ...rest, p: attr.int(p) }, inputs: ['x'], feeds: { x } }, { rtol: 1e-4, atol: 1e-5 });
      }
      await checkAgainstOrt({ opType: 'LpPool', opset: 11, attrs: { kernel_shape: attr.ints([2]), p: attr.int(p) }, inputs: ['x'], feeds: { x: randomHost([1, 2, 7], 7) } }, { rtol: 1e-4, atol: 1e-5 });
    }
  });

  it('GlobalAveragePool, GlobalMaxPool, GlobalLpPool over 1-D, 2-D and 3-D inputs', async () => {
    for (const shape of [[2, 3, 5], [2, 3, 4, 5], [1, 2, 3, 2, 4]]) {
      const xs = randomHost(shape, 8);
      await checkAgainstOrt({ opType: 'GlobalAveragePool', inputs: ['x'], feeds: { x: xs } }, TOL);
      await checkAgainstOrt({ opType: 'GlobalMaxPool', inputs: ['x'], feeds: { x: xs } }, TOL);
      for (const p of [1, 2, 3]) await checkAgainstOrt({ opType: 'GlobalLpPool', attrs: { p: attr.int(p) }, inputs: ['x'], feeds: { x: xs } }, { rtol: 1e-4, atol: 1e-5 });
    }
  });

  it('rejects a non-positive p and a rank-2 input', () => {
    const bad = buildOpModel({ opType: 'GlobalLpPool', attrs: { p: attr.int(0) }, inputs: ['x'], feeds: { x } });
    expect(() => runPistil(bad, { x })).toThrow(/under_test.*'p' = 0/);
    const flat = HostTensor.of('float32', [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => runPistil(buildOpModel({ opType: 'GlobalAveragePool', inputs: ['x'], feeds: { x: flat } }), { x: flat })).toThrow(/under_test.*at least 3 dims/);
  });
});

import { describe, expect, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import { buildOpModel, checkAgainstOrt, expectClose, randomHost, runOrt, runPistil } from '../helpers/single-op.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

describe('Conv', () => {
  const x = randomHost([2, 4, 7, 6], 1);
  const w = randomHost([6, 4, 3, 3], 2);
  const b = randomHost([6], 3);

  it('2-D with bias, strides, dilations and symmetric pads', async () => {
    for (const opset of [7, 11, 13]) {
      await checkAgainstOrt({ opType: 'Conv', opset, attrs: { pads: attr.ints([1, 2, 1, 2]), strides: attr.ints([2, 1]), dilations: attr.ints([1, 2]) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w, b } }, TOL);
    }
  });

  it('asymmetric pads and no bias', async () => {
    await checkAgainstOrt({ opType: 'Conv', attrs: { pads: attr.ints([0, 2, 1, 0]), strides: attr.ints([2, 2]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } }, TOL);
  });

  it('auto_pad SAME_UPPER, SAME_LOWER and VALID, with strides', async () => {
    for (const auto of ['SAME_UPPER', 'SAME_LOWER', 'VALID']) {
      for (const strides of [[1, 1], [2, 3]]) {
        await checkAgainstOrt({ opType: 'Conv', attrs: { auto_pad: attr.string(auto), strides: attr.ints(strides) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w, b } }, TOL);
      }
    }
    const w2 = randomHost([6, 4, 2, 2], 4);
    await checkAgainstOrt({ opType: 'Conv', attrs: { auto_pad: attr.string('SAME_LOWER') }, inputs: ['x', 'w'], feeds: { x }, initializers: { w: w2 } }, TOL);
  });

  it('auto_pad with dilations (onnxruntime refuses it): pads per the spec, compared with explicit pads', async () => {
    const feeds = { x };
    const same = buildOpModel({ opType: 'Conv', attrs: { auto_pad: attr.string('SAME_LOWER'), dilations: attr.ints([2, 1]), strides: attr.ints([2, 1]) }, inputs: ['x', 'w'], feeds, initializers: { w: randomHost([6, 4, 3, 2], 4) } });
    // H: out 4, total (4 − 1)·2 + 5 − 7 = 4 → [2, 2]; W: out 6, total 1 → SAME_LOWER puts it first: [1, 0].
    const [expected] = await runOrt(buildOpModel({ opType: 'Conv', attrs: { pads: attr.ints([2, 1, 2, 0]), dilations: attr.ints([2, 1]), strides: attr.ints([2, 1]) }, inputs: ['x', 'w'], feeds, initializers: { w: randomHost([6, 4, 3, 2], 4) } }), feeds);
    expectClose(runPistil(same, feeds)[0]!, expected!, TOL);
  });

  it('groups and depthwise', async () => {
    const wg = randomHost([6, 2, 3, 3], 5);
    await checkAgainstOrt({ opType: 'Conv', attrs: { group: attr.int(2), pads: attr.ints([1, 1, 1, 1]) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w: wg, b } }, TOL);
    const wd = randomHost([8, 1, 3, 3], 6);
    await checkAgainstOrt({ opType: 'Conv', attrs: { group: attr.int(4), kernel_shape: attr.ints([3, 3]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w: wd } }, TOL);
  });

  it('1-D with pads, strides and dilations', async () => {
    const x1 = randomHost([2, 3, 11], 7);
    const w1 = randomHost([5, 3, 3], 8);
    await checkAgainstOrt({ opType: 'Conv', attrs: { pads: attr.ints([2, 1]), strides: attr.ints([2]), dilations: attr.ints([2]) }, inputs: ['x', 'w', 'b'], feeds: { x: x1 }, initializers: { w: w1, b: randomHost([5], 9) } }, TOL);
    await checkAgainstOrt({ opType: 'Conv', attrs: { auto_pad: attr.string('SAME_UPPER') }, inputs: ['x', 'w'], feeds: { x: x1 }, initializers: { w: w1 } }, TOL);
  });

  it('the weight as a graph input', async () => {
    await checkAgainstOrt({ opType: 'Conv', attrs: { pads: attr.ints([1, 1, 1, 1]) }, inputs: ['x', 'w'], feeds: { x, w } }, TOL);
  });

  it('rejects a kernel_shape that does not match the weight, naming the node and attribute', () => {
    const bytes = buildOpModel({ opType: 'Conv', attrs: { kernel_shape: attr.ints([5, 5]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } });
    expect(() => runPistil(bytes, { x })).toThrow(OnnxFormatError);
    expect(() => runPistil(bytes, { x })).toThrow(/node 'under_test' \(Conv\).*'kernel_shape' = \[5, 5\]/);
  });

  it('rejects bad strides, pads, auto_pad and group', () => {
    const bad: Record<string, ReturnType<typeof attr.int>> = {
      strides: attr.ints([0, 1]),
      pads: attr.ints([1, 1]),
      auto_pad: attr.string('SAME'),
      group: attr.int(3),
      dilations: attr.ints([1, 1, 1]),
    };
    const huge = buildOpModel({ opType: 'Conv', attrs: { pads: attr.ints([1e6, 1e6, 0, 0]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } });
    expect(() => runPistil(huge, { x })).toThrow(/under_test.*padded input .* more than 2\^31 - 1 elements/);
    for (const [name, value] of Object.entries(bad)) {
      const bytes = buildOpModel({ opType: 'Conv', attrs: { [name]: value }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } });
      expect(() => runPistil(bytes, { x }), name).toThrow(new RegExp(`under_test.*'${name}'`));
    }
  });

  it('names the node when input channels do not match the weight', () => {
    const bytes = buildOpModel({ opType: 'Conv', inputs: ['x', 'w'], feeds: { x }, initializers: { w: randomHost([6, 3, 3, 3], 2) } });
    expect(() => runPistil(bytes, { x })).toThrow(/under_test.*input channels/);
  });
});

describe('ConvTranspose', () => {
  const x = randomHost([2, 4, 5, 4], 11);
  const w = randomHost([4, 3, 3, 3], 12);
  const b = randomHost([3], 13);

  it('2-D with strides, pads, dilations and bias', async () => {
    for (const opset of [7, 11, 13]) {
      await checkAgainstOrt({ opType: 'ConvTranspose', opset, attrs: { strides: attr.ints([2, 3]), pads: attr.ints([1, 0, 2, 1]), dilations: attr.ints([1, 2]) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w, b } }, TOL);
    }
  });

  it('output_padding, including past the pads', async () => {
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([3, 2]), output_padding: attr.ints([2, 1]) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w, b } }, TOL);
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([3, 2]), pads: attr.ints([1, 1, 1, 1]), output_padding: attr.ints([1, 1]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } }, TOL);
  });

  it('output_shape computes the pads, with and without auto_pad', async () => {
    for (const auto of ['NOTSET', 'SAME_UPPER', 'SAME_LOWER']) {
      for (const shape of [[10, 9], [11, 8], [9, 7], [12, 10]]) {
        await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([2, 2]), output_shape: attr.ints(shape), auto_pad: attr.string(auto) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w, b } }, TOL);
      }
    }
  });

  it('output_shape with dilations', async () => {
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([2, 2]), dilations: attr.ints([2, 1]), output_shape: attr.ints([12, 8]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } }, TOL);
  });

  it('auto_pad SAME_UPPER / SAME_LOWER / VALID', async () => {
    for (const auto of ['SAME_UPPER', 'SAME_LOWER', 'VALID']) {
      for (const strides of [[2, 2], [1, 3]]) {
        await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints(strides), auto_pad: attr.string(auto) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } }, TOL);
      }
      // An odd total padding (kernel 2, stride 1).
      await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { auto_pad: attr.string(auto) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w: randomHost([4, 3, 2, 2], 19) } }, TOL);
    }
  });

  it('groups', async () => {
    const wg = randomHost([4, 2, 2, 3], 14);
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { group: attr.int(2), strides: attr.ints([2, 1]) }, inputs: ['x', 'w', 'b'], feeds: { x }, initializers: { w: wg, b: randomHost([4], 15) } }, TOL);
  });

  it('1-D', async () => {
    const x1 = randomHost([2, 3, 6], 16);
    const w1 = randomHost([3, 2, 4], 17);
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([3]), pads: attr.ints([1, 2]), output_padding: attr.ints([1]) }, inputs: ['x', 'w', 'b'], feeds: { x: x1 }, initializers: { w: w1, b: randomHost([2], 18) } }, TOL);
    await checkAgainstOrt({ opType: 'ConvTranspose', attrs: { strides: attr.ints([2]), output_shape: attr.ints([13]) }, inputs: ['x', 'w'], feeds: { x: x1 }, initializers: { w: w1 } }, TOL);
  });

  it('rejects a weight whose input channels do not match, and bad output_shape', () => {
    const bad = buildOpModel({ opType: 'ConvTranspose', inputs: ['x', 'w'], feeds: { x }, initializers: { w: randomHost([3, 3, 3, 3], 2) } });
    expect(() => runPistil(bad, { x })).toThrow(/under_test.*input channels/);
    const shape = buildOpModel({ opType: 'ConvTranspose', attrs: { output_shape: attr.ints([4]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } });
    expect(() => runPistil(shape, { x })).toThrow(/under_test.*'output_shape'/);
    const large = buildOpModel({ opType: 'ConvTranspose', attrs: { output_shape: attr.ints([13, 7]) }, inputs: ['x', 'w'], feeds: { x }, initializers: { w } });
    expect(() => runPistil(large, { x })).toThrow(/under_test.*'output_shape' = \[13, 7\] exceeds/);
  });
});

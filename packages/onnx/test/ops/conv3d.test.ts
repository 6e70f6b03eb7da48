import { describe, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

const x = randomHost([2, 4, 5, 6, 4], 1);

function conv(attrs: OpCase['attrs'], w: readonly number[], options: { bias?: boolean; opset?: number; input?: typeof x } = {}): OpCase {
  const outC = w[0]!;
  return {
    opType: 'Conv',
    opset: options.opset ?? 13,
    attrs,
    inputs: options.bias ? ['x', 'w', 'b'] : ['x', 'w'],
    feeds: { x: options.input ?? x },
    initializers: { w: randomHost(w, 2), ...(options.bias ? { b: randomHost([outC], 3) } : {}) },
  };
}

function convT(attrs: OpCase['attrs'], w: readonly number[], options: { bias?: boolean; opset?: number; input?: typeof x; group?: number } = {}): OpCase {
  const outC = w[1]! * (options.group ?? 1);
  return {
    opType: 'ConvTranspose',
    opset: options.opset ?? 13,
    attrs: options.group ? { ...attrs, group: attr.int(options.group) } : attrs,
    inputs: options.bias ? ['x', 'w', 'b'] : ['x', 'w'],
    feeds: { x: options.input ?? x },
    initializers: { w: randomHost(w, 4), ...(options.bias ? { b: randomHost([outC], 5) } : {}) },
  };
}

describe('Conv 3-D', () => {
  it('with bias, strides, dilations and symmetric pads, across opsets', async () => {
    for (const opset of [1, 11, 13]) {
      await checkOp(conv({ pads: attr.ints([1, 0, 2, 1, 0, 2]), strides: attr.ints([2, 1, 2]), dilations: attr.ints([1, 2, 1]) }, [3, 4, 3, 2, 3], { bias: true, opset }), TOL);
    }
  });

  it('asymmetric pads, kernel_shape given, no bias', async () => {
    await checkOp(conv({ pads: attr.ints([0, 1, 2, 1, 0, 0]), kernel_shape: attr.ints([2, 3, 2]) }, [2, 4, 2, 3, 2]), TOL);
  });

  it('auto_pad SAME_UPPER, SAME_LOWER and VALID, with strides', async () => {
    for (const auto of ['SAME_UPPER', 'SAME_LOWER', 'VALID']) {
      for (const strides of [[1, 1, 1], [2, 3, 2]]) {
        await checkOp(conv({ auto_pad: attr.string(auto), strides: attr.ints(strides) }, [3, 4, 2, 3, 3], { bias: true }), TOL);
      }
    }
  });

  it('groups and depthwise', async () => {
    await checkOp(conv({ group: attr.int(2), pads: attr.ints([1, 1, 1, 1, 1, 1]) }, [6, 2, 3, 3, 3], { bias: true }), TOL);
    await checkOp(conv({ group: attr.int(4), strides: attr.ints([1, 2, 1]) }, [8, 1, 2, 2, 2]), TOL);
  });

  it('a 1×1×1 kernel and a kernel covering the whole depth', async () => {
    await checkOp(conv({}, [5, 4, 1, 1, 1]), TOL);
    await checkOp(conv({}, [2, 4, 5, 1, 2]), TOL);
  });

  it('rejects a kernel_shape that does not match the weight and a 4-D convolution, naming the node', () => {
    expectOpError(conv({ kernel_shape: attr.ints([3, 3, 3]) }, [2, 4, 2, 2, 2]), OnnxFormatError, /'kernel_shape' = \[3, 3, 3\]/);
    expectOpError(conv({ pads: attr.ints([1, 1, 1, 1]) }, [2, 4, 2, 2, 2]), OnnxFormatError, /'pads' = \[1, 1, 1, 1\] must hold 6 values/);
    expectOpError(conv({ dilations: attr.ints([1, 9, 1]) }, [2, 4, 2, 2, 2]), OnnxFormatError, /too small for kernel/);
    expectOpError(conv({}, [2, 4, 1, 1, 1, 1], { input: randomHost([1, 4, 2, 2, 2, 2], 6) }), OnnxUnsupportedError, /4-D convolution/);
  });

  it('gradients with respect to input, weight and bias', () => {
    gradcheckOp({ opType: 'Conv', attrs: { pads: attr.ints([1, 0, 0, 0, 1, 1]), strides: attr.ints([2, 1, 1]), group: attr.int(2) }, inputs: ['x', 'w', 'b'], feeds: { x: randomHost([1, 4, 3, 3, 2], 7), w: randomHost([2, 2, 2, 2, 1], 8), b: randomHost([2], 9) } }, ['x', 'w', 'b']);
    gradcheckOp({ opType: 'Conv', attrs: { dilations: attr.ints([2, 1, 1]), auto_pad: attr.string('SAME_LOWER') }, inputs: ['x', 'w'], feeds: { x: randomHost([1, 1, 4, 2, 3], 10), w: randomHost([2, 1, 2, 2, 2], 11) } }, ['x', 'w']);
  });
});

describe('ConvTranspose 3-D', () => {
  const xt = randomHost([2, 4, 3, 4, 3], 12);

  it('with bias, strides, dilations and pads, across opsets', async () => {
    for (const opset of [1, 11, 13]) {
      await checkOp(convT({ strides: attr.ints([2, 1, 3]), pads: attr.ints([1, 0, 1, 0, 1, 2]), dilations: attr.ints([2, 1, 1]) }, [4, 3, 3, 2, 3], { bias: true, opset, input: xt }), TOL);
    }
  });

  it('output_padding, output_shape and auto_pad', async () => {
    const w = [4, 2, 2, 3, 2];
    await checkOp(convT({ strides: attr.ints([2, 2, 3]), output_padding: attr.ints([1, 0, 2]) }, w, { input: xt }), TOL);
    await checkOp(convT({ strides: attr.ints([2, 2, 2]), output_shape: attr.ints([7, 9, 6]) }, w, { input: xt }), TOL);
    for (const auto of ['SAME_UPPER', 'SAME_LOWER']) await checkOp(convT({ strides: attr.ints([2, 3, 2]), auto_pad: attr.string(auto) }, w, { input: xt, bias: true }), TOL);
  });

  it('groups, and a depth kernel of 1', async () => {
    await checkOp(convT({ strides: attr.ints([2, 1, 1]) }, [4, 3, 2, 2, 2], { group: 2, bias: true, input: xt }), TOL);
    await checkOp(convT({ strides: attr.ints([3, 2, 1]) }, [4, 2, 1, 2, 2], { group: 4, input: xt }), TOL);
  });

  it('rejects pads that leave an empty output, naming the node', () => {
    expectOpError(convT({ pads: attr.ints([3, 0, 0, 3, 0, 0]) }, [4, 2, 2, 2, 2], { input: xt }), OnnxFormatError, /'pads' = \[3, 0, 0, 3, 0, 0\] leaves an empty output/);
  });

  it('gradients with respect to input, weight and bias', () => {
    gradcheckOp({ opType: 'ConvTranspose', attrs: { strides: attr.ints([2, 1, 2]), pads: attr.ints([1, 0, 0, 0, 1, 1]), dilations: attr.ints([1, 1, 2]), group: attr.int(2) }, inputs: ['x', 'w', 'b'], feeds: { x: randomHost([1, 2, 2, 2, 2], 13), w: randomHost([2, 1, 2, 2, 2], 14), b: randomHost([2], 15) } }, ['x', 'w', 'b']);
    gradcheckOp({ opType: 'ConvTranspose', attrs: { strides: attr.ints([3, 1, 1]), output_padding: attr.ints([1, 0, 0]) }, inputs: ['x', 'w'], feeds: { x: randomHost([1, 1, 2, 2, 1], 16), w: randomHost([1, 2, 2, 1, 2], 17) } }, ['x', 'w']);
  });
});

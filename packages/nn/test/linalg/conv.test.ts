import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, conv1d, conv2d, convTranspose1d, convTranspose2d, gradcheck, zeros } from '../../src/index.js';
import { conv2dBackpropFilter } from '../../src/ops/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from '../../src/ops/conv2d-backprop-input.js';
import type { Conv2dAttrs } from '@pistil/backend';
import { expectClose } from '../helpers.js';
import { as1d, as2d, flat, gradOfSquares, rand, refConv2d, refConvTranspose2d, toT } from './ref.js';

describe('conv2d', () => {
  const cases: { name: string; x: number[]; w: number[]; opts: Parameters<typeof conv2d>[3]; spec: Parameters<typeof refConv2d>[3] }[] = [
    { name: 'plain 3×3', x: [2, 3, 6, 5], w: [4, 3, 3, 3], opts: {}, spec: {} },
    { name: 'stride 2, padding 1', x: [2, 3, 7, 6], w: [4, 3, 3, 3], opts: { stride: 2, padding: 1 }, spec: { stride: [2, 2], pads: [1, 1, 1, 1] } },
    { name: 'asymmetric stride/padding pairs', x: [1, 2, 7, 9], w: [3, 2, 3, 2], opts: { stride: [2, 3], padding: [2, 1] }, spec: { stride: [2, 3], pads: [2, 1, 2, 1] } },
    { name: "'same' with an even kernel (extra pad bottom/right)", x: [2, 2, 5, 6], w: [3, 2, 4, 2], opts: { padding: 'same' }, spec: { pads: [1, 0, 2, 1] } },
    { name: "'same' with dilation", x: [1, 2, 6, 7], w: [2, 2, 3, 2], opts: { padding: 'same', dilation: [2, 3] }, spec: { dilation: [2, 3], pads: [2, 1, 2, 2] } },
    { name: "'valid'", x: [1, 2, 5, 5], w: [2, 2, 2, 2], opts: { padding: 'valid' }, spec: {} },
    { name: 'dilation 2', x: [2, 2, 8, 7], w: [3, 2, 3, 3], opts: { dilation: 2, padding: 1 }, spec: { dilation: [2, 2], pads: [1, 1, 1, 1] } },
    { name: 'groups 2', x: [2, 4, 5, 5], w: [6, 2, 3, 3], opts: { groups: 2, padding: 1 }, spec: { groups: 2, pads: [1, 1, 1, 1] } },
    { name: 'depthwise (groups = C, multiplier 2)', x: [2, 3, 6, 5], w: [6, 1, 3, 3], opts: { groups: 3, stride: 2, padding: 1 }, spec: { groups: 3, stride: [2, 2], pads: [1, 1, 1, 1] } },
    { name: '1×1 kernel', x: [3, 4, 3, 5], w: [2, 4, 1, 1], opts: {}, spec: {} },
    { name: 'stride that does not divide the input', x: [1, 1, 8, 9], w: [2, 1, 3, 3], opts: { stride: 3 }, spec: { stride: [3, 3] } },
    { name: 'kernel as large as the input', x: [2, 2, 3, 4], w: [1, 2, 3, 4], opts: {}, spec: {} },
  ];

  it.each(cases)('matches a direct convolution loop: $name', ({ x, w, opts, spec }) => {
    const xa = rand(x, 1);
    const wa = rand(w, 2);
    const ba = rand([w[0]!], 3);
    const want = refConv2d(xa, wa, ba, spec);
    const y = conv2d(toT(xa), toT(wa), toT(ba), opts);
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
    expectClose(conv2d(toT(xa), toT(wa), null, opts), flat(refConv2d(xa, wa, null, spec)), 1e-12);
  });

  it('float32 agrees with the oracle', () => {
    const xa = rand([2, 3, 6, 6], 4);
    const wa = rand([4, 3, 3, 3], 5);
    const y = conv2d(toT(xa, 'float32'), toT(wa, 'float32'), null, { padding: 1 });
    expect(y.dtype).toBe('float32');
    expectClose(y, flat(refConv2d(xa, wa, null, { pads: [1, 1, 1, 1] })), 1e-5);
  });

  it('accepts an unbatched [C, H, W] input', () => {
    const xa = rand([1, 2, 5, 4], 6);
    const wa = rand([3, 2, 2, 2], 7);
    const ba = rand([3], 8);
    const y = conv2d(toT({ shape: [2, 5, 4], data: xa.data }), toT(wa), toT(ba), { padding: 1 });
    expect(y.shape).toEqual([3, 6, 5]);
    expectClose(y, flat(refConv2d(xa, wa, ba, { pads: [1, 1, 1, 1] })), 1e-12);
  });

  it('handles an empty batch', () => {
    expect(conv2d(zeros([0, 2, 5, 5]), zeros([3, 2, 3, 3]), zeros([3])).shape).toEqual([0, 3, 3, 3]);
  });

  it('gradcheck for x, weight and bias (stride, asymmetric padding, dilation)', () => {
    gradcheck((x, w, b) => conv2d(x!, w!, b, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }), [toT(rand([2, 3, 5, 4], 9)), toT(rand([4, 3, 3, 2], 10)), toT(rand([4], 11))]);
  });

  it("gradcheck with groups and 'same' padding on an even kernel", () => {
    gradcheck((x, w, b) => conv2d(x!, w!, b, { groups: 2, padding: 'same' }), [toT(rand([1, 4, 4, 3], 12)), toT(rand([2, 2, 2, 2], 13)), toT(rand([2], 14))]);
  });

  it('only computes the gradients that are needed', () => {
    const x = toT(rand([1, 2, 4, 4], 15)).requiresGrad_();
    const w = toT(rand([2, 2, 3, 3], 16));
    conv2d(x, w).sum().backward();
    expect(x.grad!.shape).toEqual([1, 2, 4, 4]);
    expect(w.grad).toBeNull();
  });

  it('double backward: gradient of the input gradient and of the filter gradient', () => {
    const opts = { stride: 2, padding: 1 } as const;
    gradcheck(gradOfSquares((x, w) => conv2d(x!, w!, null, opts)), [toT(rand([1, 2, 5, 4], 17)), toT(rand([3, 2, 3, 3], 18))]);
    gradcheck(gradOfSquares((w, x) => conv2d(x!, w, null, opts)), [toT(rand([3, 2, 3, 3], 19)), toT(rand([1, 2, 5, 4], 20))]);
  });

  it('the backprop ops have correct gradients of their own', () => {
    const attrs: Conv2dAttrs = { stride: [2, 1], pads: [1, 0, 1, 1], dilation: [1, 2], groups: 2 };
    const xShape = [2, 4, 5, 5];
    // conv2d of [2,4,5,5] with [6,2,3,2] under attrs → [2, 6, 3, 4]
    gradcheck((dy, w) => conv2dBackpropInput(dy!, w!, attrs, xShape), [toT(rand([2, 6, 3, 4], 21)), toT(rand([6, 2, 3, 2], 22))]);
    gradcheck((x, dy) => conv2dBackpropFilter(x!, dy!, attrs, [6, 2, 3, 2]), [toT(rand(xShape, 23)), toT(rand([2, 6, 3, 4], 24))]);
  });

  it('rejects bad shapes, options and dtypes with errors naming conv2d', () => {
    expect(() => conv2d(zeros([2, 3, 5]), zeros([4, 3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 2, 3, 3]))).toThrow(/conv2d: weight \[4, 2, 3, 3\] expects 2 input channels/);
    expect(() => conv2d(zeros([3, 5, 5, 5, 5]), zeros([4, 3, 3, 3]))).toThrow(/conv2d: input must be \[N, C, H, W\] or \[C, H, W\], got \[3, 5, 5, 5, 5\]/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3]))).toThrow(/conv2d: weight must be/);
    expect(() => conv2d(zeros([1, 3, 2, 2]), zeros([4, 3, 3, 3]))).toThrow(/conv2d: window 3/);
    expect(() => conv2d(zeros([1, 4, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 2 })).toThrow(/conv2d: channels in \(4\) and out \(3\) must be divisible by groups/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), zeros([3]))).toThrow(/conv2d: bias must be \[4\]/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), null, { padding: 'same', stride: 2 })).toThrow(/conv2d: padding 'same' needs stride 1/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be a positive integer/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), null, { padding: -1 })).toThrow(/conv2d: padding/);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), null, { groups: 1.5 })).toThrow(/conv2d: groups/);
    expect(() => conv2d(zeros([1, 3, 5, 5], { dtype: 'int32' }), zeros([4, 3, 3, 3], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3], { dtype: 'float64' }))).toThrow(/conv2d: inputs must share a dtype/);
  });
});

describe('conv1d', () => {
  it.each([
    { name: 'plain', x: [2, 3, 9], w: [4, 3, 3], opts: {}, spec: {} },
    { name: 'stride 2, padding 2, dilation 2', x: [2, 2, 11], w: [3, 2, 3], opts: { stride: 2, padding: 2, dilation: 2 }, spec: { stride: [1, 2], pads: [0, 2, 0, 2], dilation: [1, 2] } },
    { name: "'same', even kernel", x: [1, 2, 7], w: [2, 2, 4], opts: { padding: 'same' }, spec: { pads: [0, 1, 0, 2] } },
    { name: 'groups', x: [2, 4, 6], w: [4, 2, 2], opts: { groups: 2 }, spec: { groups: 2 } },
  ] as const)('matches the direct loop: $name', ({ x, w, opts, spec }) => {
    const xa = rand([...x], 31);
    const wa = rand([...w], 32);
    const ba = rand([w[0]], 33);
    const want = as1d(refConv2d(as2d(xa), as2d(wa), ba, spec as Parameters<typeof refConv2d>[3]));
    const y = conv1d(toT(xa), toT(wa), toT(ba), opts);
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('accepts an unbatched [C, L] input', () => {
    const xa = rand([1, 2, 6], 34);
    const wa = rand([3, 2, 3], 35);
    const y = conv1d(toT({ shape: [2, 6], data: xa.data }), toT(wa));
    expect(y.shape).toEqual([3, 4]);
    expectClose(y, flat(refConv2d(as2d(xa), as2d(wa), null)), 1e-12);
  });

  it('gradcheck for x, weight and bias', () => {
    gradcheck((x, w, b) => conv1d(x!, w!, b, { stride: 2, padding: 1, dilation: 2 }), [toT(rand([2, 3, 7], 36)), toT(rand([2, 3, 3], 37)), toT(rand([2], 38))]);
  });

  it('rejects bad shapes and dtypes with errors naming conv1d', () => {
    expect(() => conv1d(zeros([1, 3, 5, 5]), zeros([4, 3, 3]))).toThrow(/conv1d: input must be \[N, C, L\]/);
    expect(() => conv1d(zeros([1, 3, 5]), zeros([4, 3, 3, 3]))).toThrow(/conv1d: weight must be \[O, C\/groups, K\]/);
    expect(() => conv1d(zeros([1, 2, 5]), zeros([4, 3, 3]))).toThrow(/conv1d: input \[1, 2, 5\], weight \[4, 3, 3\]: conv2d: weight/);
    expect(() => conv1d(zeros([1, 3, 2]), zeros([4, 3, 3]))).toThrow(ShapeError);
    expect(() => conv1d(zeros([1, 3, 5]), zeros([4, 3, 3]), null, { padding: 'same', stride: 2 })).toThrow(/conv1d: padding 'same' needs stride 1/);
    expect(() => conv1d(zeros([1, 3, 5], { dtype: 'int32' }), zeros([4, 3, 3], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('convTranspose2d', () => {
  const cases = [
    { name: 'plain', x: [2, 3, 4, 3], w: [3, 2, 3, 3], spec: {} },
    { name: 'stride 2, padding 1, outputPadding 1', x: [2, 2, 3, 4], w: [2, 3, 3, 3], spec: { stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] } },
    { name: 'asymmetric stride, padding, dilation', x: [1, 2, 4, 3], w: [2, 2, 3, 2], spec: { stride: [3, 2], padding: [2, 1], outputPadding: [2, 0], dilation: [1, 2] } },
    { name: 'groups 2', x: [2, 4, 3, 3], w: [4, 3, 2, 2], spec: { groups: 2, stride: [2, 2] } },
    { name: '1×1 kernel', x: [1, 3, 3, 2], w: [3, 4, 1, 1], spec: {} },
  ] as const;

  it.each(cases)('matches a direct scatter loop: $name', ({ x, w, spec }) => {
    const xa = rand([...x], 41);
    const wa = rand([...w], 42);
    const g = 'groups' in spec ? spec.groups : 1;
    const ba = rand([w[1] * g], 43);
    const s = spec as Parameters<typeof refConvTranspose2d>[3] & object;
    const want = refConvTranspose2d(xa, wa, ba, s);
    const y = convTranspose2d(toT(xa), toT(wa), toT(ba), s);
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('output size follows (H − 1)·s − 2p + d·(k − 1) + outputPadding + 1', () => {
    expect(convTranspose2d(zeros([1, 2, 3, 4]), zeros([2, 5, 3, 3]), null, { stride: 2, padding: 1, outputPadding: 1 }).shape).toEqual([1, 5, 6, 8]);
    expect(convTranspose2d(zeros([2, 3, 3]), zeros([2, 5, 3, 3])).shape).toEqual([5, 5, 5]);
  });

  it('gradcheck for x, weight and bias with stride 2 and outputPadding 1', () => {
    gradcheck((x, w, b) => convTranspose2d(x!, w!, b, { stride: 2, padding: 1, outputPadding: 1 }), [toT(rand([2, 2, 3, 2], 44)), toT(rand([2, 3, 3, 2], 45)), toT(rand([3], 46))]);
  });

  it('gradcheck with groups and dilation', () => {
    gradcheck((x, w, b) => convTranspose2d(x!, w!, b, { groups: 2, dilation: [2, 1], stride: [1, 2], outputPadding: [0, 1] }), [toT(rand([1, 4, 3, 2], 47)), toT(rand([4, 1, 2, 3], 48)), toT(rand([2], 49))]);
  });

  it('double backward', () => {
    gradcheck(gradOfSquares((x, w) => convTranspose2d(x!, w!, null, { stride: 2 })), [toT(rand([1, 2, 2, 3], 50)), toT(rand([2, 2, 2, 2], 51))]);
    gradcheck(gradOfSquares((w, x) => convTranspose2d(x!, w, null, { stride: 2 })), [toT(rand([2, 2, 2, 2], 52)), toT(rand([1, 2, 2, 3], 53))]);
  });

  it('rejects bad shapes, options and dtypes with errors naming convTranspose2d', () => {
    expect(() => convTranspose2d(zeros([1, 3, 4, 4]), zeros([2, 3, 3, 3]))).toThrow(/convTranspose2d: weight \[2, 3, 3, 3\] expects 2 input channels, input \[1, 3, 4, 4\] has 3/);
    expect(() => convTranspose2d(zeros([1, 2, 4, 4]), zeros([2, 3, 3, 3]), null, { stride: 2, outputPadding: 2 })).toThrow(/convTranspose2d: outputPadding \[2, 2\] must be smaller than stride/);
    expect(() => convTranspose2d(zeros([1, 2, 4, 4, 1]), zeros([2, 3, 3, 3]))).toThrow(/convTranspose2d: input must be/);
    expect(() => convTranspose2d(zeros([1, 2, 4, 4]), zeros([2, 3, 3, 3]), zeros([2]))).toThrow(/convTranspose2d: bias must be \[3\]/);
    expect(() => convTranspose2d(zeros([1, 3, 4, 4]), zeros([3, 3, 3, 3]), null, { groups: 2 })).toThrow(ShapeError);
    expect(() => convTranspose2d(zeros([1, 2, 4, 4], { dtype: 'int32' }), zeros([2, 3, 3, 3], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('convTranspose1d', () => {
  it('matches the 2-D oracle with H = 1, and gradchecks', () => {
    const xa = rand([2, 2, 5], 61);
    const wa = rand([2, 3, 3], 62);
    const ba = rand([3], 63);
    const want = as1d(refConvTranspose2d(as2d(xa), as2d(wa), ba, { stride: [1, 2], padding: [0, 1], outputPadding: [0, 1] }));
    const y = convTranspose1d(toT(xa), toT(wa), toT(ba), { stride: 2, padding: 1, outputPadding: 1 });
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
    gradcheck((x, w, b) => convTranspose1d(x!, w!, b, { stride: 2, padding: 1, outputPadding: 1 }), [toT(xa), toT(wa), toT(ba)]);
  });

  it('rejects bad shapes with errors naming convTranspose1d', () => {
    expect(() => convTranspose1d(zeros([1, 3, 4]), zeros([2, 3, 3]))).toThrow(/convTranspose1d: .*expects 2 input channels/);
    expect(() => convTranspose1d(zeros([1, 2, 4, 4]), zeros([2, 3, 3]))).toThrow(/convTranspose1d: input must be/);
  });
});

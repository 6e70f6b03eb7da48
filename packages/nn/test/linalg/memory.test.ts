import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool1d, adaptiveMaxPool2d, avgPool1d, avgPool2d, bmm, conv1d, conv2d, convTranspose1d, convTranspose2d, dot, linear, lpPool1d, lpPool2d,
  gradients, matmul, maxPool1d, maxPool2d, memory, mm, noGrad, outer, tidy,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { distinct, rand, toT } from './ref.js';

/** Every op of the group, on small inputs that take each internal path (unbatched, folding, ceilMode pads, scaling…). */
const OPS: [string, () => Tensor[], (...xs: Tensor[]) => Tensor][] = [
  ['matmul 1-D·3-D', () => [toT(rand([3], 1)), toT(rand([2, 3, 4], 2))], (a, b) => matmul(a!, b!)],
  ['matmul 3-D·2-D (folded)', () => [toT(rand([2, 3, 4], 3)), toT(rand([4, 2], 4))], (a, b) => matmul(a!, b!)],
  ['matmul 3-D·1-D', () => [toT(rand([2, 3, 4], 3)), toT(rand([4], 4))], (a, b) => matmul(a!, b!)],
  ['mm', () => [toT(rand([2, 3], 5)), toT(rand([3, 2], 6))], (a, b) => mm(a!, b!)],
  ['bmm', () => [toT(rand([2, 2, 3], 7)), toT(rand([2, 3, 2], 8))], (a, b) => bmm(a!, b!)],
  ['dot', () => [toT(rand([3], 9)), toT(rand([3], 10))], (a, b) => dot(a!, b!)],
  ['outer', () => [toT(rand([3], 11)), toT(rand([2], 12))], (a, b) => outer(a!, b!)],
  ['linear', () => [toT(rand([2, 2, 3], 13)), toT(rand([4, 3], 14)), toT(rand([4], 15))], (x, w, b) => linear(x!, w!, b)],
  ['conv2d unbatched + bias', () => [toT(rand([2, 4, 4], 16)), toT(rand([3, 2, 3, 3], 17)), toT(rand([3], 18))], (x, w, b) => conv2d(x!, w!, b, { padding: 'same' })],
  ['conv1d', () => [toT(rand([1, 2, 6], 19)), toT(rand([2, 2, 3], 20)), toT(rand([2], 21))], (x, w, b) => conv1d(x!, w!, b, { stride: 2 })],
  ['convTranspose2d', () => [toT(rand([1, 2, 3, 3], 22)), toT(rand([2, 2, 3, 3], 23)), toT(rand([2], 24))], (x, w, b) => convTranspose2d(x!, w!, b, { stride: 2, outputPadding: 1 })],
  ['convTranspose1d', () => [toT(rand([2, 4], 25)), toT(rand([2, 2, 3], 26))], (x, w) => convTranspose1d(x!, w!)],
  ['maxPool2d ceilMode (explicit pad)', () => [toT(distinct([1, 2, 4, 4], 27))], (x) => maxPool2d(x!, 3, { stride: 3, ceilMode: true })],
  ['maxPool2d unbatched', () => [toT(distinct([2, 4, 4], 28))], (x) => maxPool2d(x!, 2)],
  ['maxPool1d', () => [toT(distinct([1, 2, 6], 29))], (x) => maxPool1d(x!, 2)],
  ['avgPool2d ceilMode (scaled)', () => [toT(rand([1, 2, 4, 4], 30))], (x) => avgPool2d(x!, 3, { stride: 3, ceilMode: true })],
  ['avgPool2d unbatched, padding', () => [toT(rand([2, 4, 4], 31))], (x) => avgPool2d(x!, 3, { padding: 1, stride: 1 })],
  ['avgPool1d', () => [toT(rand([1, 2, 6], 32))], (x) => avgPool1d(x!, 2)],
  ['lpPool2d', () => [toT(rand([1, 2, 4, 4], 33, 0.1, 1))], (x) => lpPool2d(x!, 2, 2)],
  ['lpPool1d', () => [toT(rand([1, 2, 6], 34, 0.1, 1))], (x) => lpPool1d(x!, 3, 2)],
  ['adaptiveAvgPool2d (matrices)', () => [toT(rand([1, 2, 5, 4], 35))], (x) => adaptiveAvgPool2d(x!, 3)],
  ['adaptiveAvgPool2d (avgPool)', () => [toT(rand([2, 4, 4], 36))], (x) => adaptiveAvgPool2d(x!, 2)],
  ['adaptiveAvgPool1d', () => [toT(rand([1, 2, 5], 37))], (x) => adaptiveAvgPool1d(x!, 3)],
  ['adaptiveMaxPool2d', () => [toT(distinct([2, 5, 4], 38))], (x) => adaptiveMaxPool2d(x!, 3)],
  ['adaptiveMaxPool1d', () => [toT(distinct([1, 2, 5], 39))], (x) => adaptiveMaxPool1d(x!, 3)],
];

describe('linalg memory', () => {
  it('forward + backward of every op inside tidy leaves no tensor behind', () => {
    const before = memory().tensors;
    tidy(() => {
      for (const [, make, f] of OPS) {
        const xs = make().map((x) => x.requiresGrad_());
        f(...xs).sum().backward();
        for (const x of xs) expect(x.grad).not.toBeNull();
      }
    });
    expect(memory().tensors).toBe(before);
  });

  it('double backward through max pooling and adaptive max pooling inside tidy leaves nothing behind', () => {
    const before = memory().tensors;
    tidy(() => {
      const x = toT(distinct([1, 2, 5, 5], 40)).requiresGrad_();
      const [g] = gradients(maxPool2d(x, 3, { stride: 2, ceilMode: true }).sum().add(adaptiveMaxPool2d(x, 2).mul(x.sum()).sum()), [x], { createGraph: true });
      g!.mul(g!).sum().backward();
      expect(x.grad).not.toBeNull();
    });
    expect(memory().tensors).toBe(before);
  });

  it.each(OPS)('%s frees its temporaries when nothing is recorded, and leaves its inputs alone', (_name, make, f) => {
    const xs = make();
    const before = memory().tensors;
    noGrad(() => f(...xs)).dispose();
    f(...xs).dispose(); // inputs do not require grad: nothing recorded either
    expect(memory().tensors).toBe(before);
    for (const x of xs) expect(x.isDisposed).toBe(false);
    for (const x of xs) x.dispose();
  });
});

/**
 * Parity with an independent implementation: @tensorflow/tfjs-core on its CPU backend. tfjs is
 * NHWC with HWIO filters, so inputs are transposed on the way in and results on the way out.
 * Each comparison bounds the largest difference relative to the largest reference value.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as pt from '../../src/index.js';

const REL = 1e-4;

function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** max |a − b| / max |b|, after checking both have the same size. */
function relError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

const nchwToNhwc = (t: tf.Tensor4D): tf.Tensor4D => tf.transpose(t, [0, 2, 3, 1]);
const nhwcToNchw = (t: tf.Tensor): tf.Tensor4D => tf.transpose(t as tf.Tensor4D, [0, 3, 1, 2]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('parity with tfjs-core (cpu backend)', () => {
  it.each([
    [17, 33, 9, false, false],
    [64, 48, 80, true, false],
    [5, 1, 7, false, true],
    [31, 29, 37, true, true],
  ])('matmul %i×%i×%i (transposeA %s, transposeB %s)', (m, k, n, ta, tb) => {
    const aShape: [number, number] = ta ? [k, m] : [m, k];
    const bShape: [number, number] = tb ? [n, k] : [k, n];
    const a = randomArray(m * k, 1);
    const b = randomArray(k * n, 2);
    const want = tf.matMul(tf.tensor(a, aShape) as tf.Tensor2D, tf.tensor(b, bShape) as tf.Tensor2D, ta, tb).dataSync();
    const got = pt.tidy(() => {
      let x = pt.tensor(a, { shape: aShape });
      let y = pt.tensor(b, { shape: bShape });
      if (ta) x = x.transpose(0, 1);
      if (tb) y = y.transpose(0, 1);
      return pt.matmul(x, y).dataSync();
    });
    expect(relError(got, want)).toBeLessThan(REL);
  });

  it('batched matmul with broadcast batch dims', () => {
    const a = randomArray(3 * 4 * 5, 3);
    const b = randomArray(5 * 6, 4);
    const want = tf.matMul(tf.tensor(a, [3, 4, 5]) as tf.Tensor3D, tf.tile(tf.tensor(b, [1, 5, 6]), [3, 1, 1]) as tf.Tensor3D).dataSync();
    const got = pt.tidy(() => pt.matmul(pt.tensor(a, { shape: [3, 4, 5] }), pt.tensor(b, { shape: [5, 6] })).dataSync());
    expect(relError(got, want)).toBeLessThan(REL);
  });

  const convCases = [
    { name: 'LeNet C1: 1→6, 5×5, pad 2', x: [4, 1, 28, 28], w: [6, 1, 5, 5], stride: 1, pad: 2, dilation: 1 },
    { name: '3→8, 3×3, stride 2, pad 1', x: [2, 3, 15, 13], w: [8, 3, 3, 3], stride: 2, pad: 1, dilation: 1 },
    // tfjs has no conv gradient for dilation > 1: this case compares the forward pass (gradcheck covers the rest).
    { name: '4→5, 3×3, dilation 2 (forward)', x: [2, 4, 12, 11], w: [5, 4, 3, 3], stride: 1, pad: 0, dilation: 2 },
    { name: '16→32, 1×1', x: [3, 16, 7, 7], w: [32, 16, 1, 1], stride: 1, pad: 0, dilation: 1 },
  ];

  it.each(convCases)('conv2d forward and both gradients: $name', ({ x: xs, w: ws, stride, pad, dilation }) => {
    const xv = randomArray(xs.reduce((p, d) => p * d), 5);
    const wv = randomArray(ws.reduce((p, d) => p * d), 6);
    // Reference: tfjs, NHWC input, HWIO filter, explicit symmetric padding.
    const tx = nchwToNhwc(tf.tensor4d(xv, xs as [number, number, number, number]));
    const tw = tf.transpose(tf.tensor4d(wv, ws as [number, number, number, number]), [2, 3, 1, 0]) as tf.Tensor4D;
    const tfPad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pad, pad], [pad, pad], [0, 0]];
    const conv = (a: tf.Tensor4D, f: tf.Tensor4D) => tf.conv2d(a, f, stride, tfPad, 'NHWC', dilation);
    const ty = conv(tx, tw);
    const dyv = randomArray(ty.size, 7);
    const tdy = tf.tensor(dyv, ty.shape);
    const withGrads = dilation === 1;
    const [tdx, tdw] = withGrads ? tf.grads((a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, f as tf.Tensor4D), tdy)))([tx, tw]) : [];

    pt.tidy(() => {
      const x = pt.tensor(xv, { shape: xs }).requiresGrad_();
      const w = pt.tensor(wv, { shape: ws }).requiresGrad_();
      const y = pt.conv2d(x, w, undefined, { stride, padding: pad, dilation });
      const dy = pt.tensor(nhwcToNchw(tdy).dataSync(), { shape: y.shape });
      y.backward(dy);
      expect(relError(y.dataSync(), nhwcToNchw(ty).dataSync())).toBeLessThan(REL);
      if (withGrads) {
        expect(relError(x.grad!.dataSync(), nhwcToNchw(tdx!).dataSync())).toBeLessThan(REL);
        expect(relError(w.grad!.dataSync(), tf.transpose(tdw!, [3, 2, 0, 1]).dataSync())).toBeLessThan(REL);
      }
      x.grad!.dispose();
      w.grad!.dispose();
    });
  });

  it.each([
    { kind: 'max' as const, k: 2, s: 2 },
    { kind: 'max' as const, k: 3, s: 2 },
    { kind: 'avg' as const, k: 2, s: 2 },
    { kind: 'avg' as const, k: 3, s: 1 },
  ])('$kind pooling $k×$k stride $s, forward and gradient', ({ kind, k, s }) => {
    const shape = [2, 3, 9, 10];
    const xv = randomArray(shape.reduce((p, d) => p * d), 8);
    const tx = nchwToNhwc(tf.tensor4d(xv, shape as [number, number, number, number]));
    const pool = (a: tf.Tensor4D) => (kind === 'max' ? tf.maxPool(a, k, s, 'valid') : tf.avgPool(a, k, s, 'valid'));
    const ty = pool(tx);
    const tdy = tf.tensor(randomArray(ty.size, 9), ty.shape);
    const tdx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), tdy)))(tx);

    pt.tidy(() => {
      const x = pt.tensor(xv, { shape }).requiresGrad_();
      const y = kind === 'max' ? pt.maxPool2d(x, k, { stride: s }) : pt.avgPool2d(x, k, { stride: s });
      y.backward(pt.tensor(nhwcToNchw(tdy).dataSync(), { shape: y.shape }));
      expect(relError(y.dataSync(), nhwcToNchw(ty).dataSync())).toBeLessThan(REL);
      expect(relError(x.grad!.dataSync(), nhwcToNchw(tdx).dataSync())).toBeLessThan(REL);
      x.grad!.dispose();
    });
  });

  it('softmax cross-entropy: loss and gradient with respect to the logits', () => {
    const n = 16;
    const c = 10;
    const logits = randomArray(n * c, 10).map((v) => v * 6);
    const labels = Array.from({ length: n }, (_, i) => (i * 7) % c);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), c);
    const tLogits = tf.tensor2d(logits, [n, c]);
    const lossFn = (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, z as tf.Tensor2D);
    const want = lossFn(tLogits).dataSync();
    const wantGrad = tf.grad(lossFn)(tLogits).dataSync();

    pt.tidy(() => {
      const z = pt.tensor(logits, { shape: [n, c] }).requiresGrad_();
      const loss = pt.crossEntropy(z, pt.tensor(labels, { dtype: 'int32' }));
      loss.backward();
      expect(relError(loss.dataSync(), want)).toBeLessThan(REL);
      expect(relError(z.grad!.dataSync(), wantGrad)).toBeLessThan(REL);
      z.grad!.dispose();
    });
  });
});

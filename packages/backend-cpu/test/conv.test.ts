import { ShapeError } from '@pistil/backend';
import type { Conv2dAttrs } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { expectClose, range, run, tensor } from './helpers.js';

const b = new CpuBackend();

function randomValues(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

interface Case { x: number[]; w: number[]; attrs: Conv2dAttrs; outHW: [number, number] }

/** Visits every (output, input, weight) index triple of a convolution: the definition all three kernels follow. */
function forEachTap(c: Case, visit: (out: number, inp: number, wt: number) => void): void {
  const [n, ch, h, wd] = c.x, [o, cg, kh, kw] = c.w, [oh, ow] = c.outHW;
  const og = o / c.attrs.groups;
  for (let i = 0; i < n!; i++) for (let oc = 0; oc < o!; oc++) for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++)
    for (let ci = 0; ci < cg!; ci++) for (let ki = 0; ki < kh!; ki++) for (let kj = 0; kj < kw!; kj++) {
      const iy = y * c.attrs.stride[0] - c.attrs.pads[0] + ki * c.attrs.dilation[0];
      const ix = x * c.attrs.stride[1] - c.attrs.pads[1] + kj * c.attrs.dilation[1];
      if (iy < 0 || iy >= h! || ix < 0 || ix >= wd!) continue;
      const inC = Math.floor(oc / og) * cg! + ci;
      visit(((i * o! + oc) * oh + y) * ow + x, ((i * ch! + inC) * h! + iy) * wd! + ix, ((oc * cg! + ci) * kh! + ki) * kw! + kj);
    }
}

const CASES: { name: string; x: number[]; w: number[]; attrs: Conv2dAttrs }[] = [
  { name: 'plain 3×3, pad 1', x: [2, 3, 7, 6], w: [4, 3, 3, 3], attrs: { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
  { name: 'groups 2, dilation 2, asymmetric pads', x: [1, 4, 9, 8], w: [6, 2, 3, 2], attrs: { stride: [1, 2], pads: [2, 0, 1, 3], dilation: [2, 2], groups: 2 } },
  { name: 'depthwise, stride 2', x: [2, 3, 8, 8], w: [3, 1, 3, 3], attrs: { stride: [2, 2], pads: [1, 1, 0, 0], dilation: [1, 1], groups: 3 } },
  { name: 'pointwise', x: [2, 5, 4, 3], w: [7, 5, 1, 1], attrs: { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } },
  { name: 'wide K (> one K block)', x: [1, 40, 6, 6], w: [9, 40, 3, 3], attrs: { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
];

describe('conv2d and its gradients', () => {
  it('groups + dilation by hand', () => {
    const x = tensor(b, [1, 2, 3, 3], range(18, 1));
    const w = tensor(b, [2, 1, 2, 2], [1, 2, 3, 4, 1, 1, 1, 1]);
    const attrs: Conv2dAttrs = { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [2, 2], groups: 2 };
    // Each output sees the four corners of its own channel: 1·1 + 2·3 + 3·7 + 4·9 and 10 + 12 + 16 + 18.
    expect(run(b, 'conv2d', { x, w }, attrs)).toMatchObject({ shape: [1, 2, 1, 1], values: [64, 56] });
  });

  for (const c of CASES) {
    it(`forward and both gradients match the definition: ${c.name}`, () => {
      const xv = randomValues(c.x.reduce((p, d) => p * d), 1), wv = randomValues(c.w.reduce((p, d) => p * d), 2);
      const x = tensor(b, c.x, xv, 'float64'), w = tensor(b, c.w, wv, 'float64');
      const y = run(b, 'conv2d', { x, w }, c.attrs);
      const outHW = [y.shape[2]!, y.shape[3]!] as [number, number];
      const ref = { ...c, outHW };
      const want = new Array<number>(y.values.length).fill(0);
      forEachTap(ref, (o, i, k) => (want[o] += xv[i]! * wv[k]!));
      expectClose(y.values, want, 1e-12);

      const dyv = randomValues(y.values.length, 3);
      const dy = tensor(b, y.shape, dyv, 'float64');
      const dx = new Array<number>(xv.length).fill(0), dw = new Array<number>(wv.length).fill(0);
      forEachTap(ref, (o, i, k) => { dx[i] += dyv[o]! * wv[k]!; dw[k] += dyv[o]! * xv[i]!; });
      expectClose(run(b, 'conv2dBackpropInput', { dy, w }, { ...c.attrs, inputShape: c.x }).values, dx, 1e-12);
      expectClose(run(b, 'conv2dBackpropFilter', { x, dy }, { ...c.attrs, filterShape: c.w }).values, dw, 1e-12);
    });
  }

  it('conv2dTranspose is the input gradient, with outputPadding adding untouched rows', () => {
    const attrs = { stride: [2, 2] as const, pads: [1, 0, 1, 0] as const, dilation: [1, 1] as const, groups: 2, outputPadding: [1, 1] as const };
    const xv = randomValues(2 * 4 * 3 * 3, 5), wv = randomValues(4 * 3 * 3 * 2, 6);
    const out = run(b, 'conv2dTranspose', { x: tensor(b, [2, 4, 3, 3], xv, 'float64'), w: tensor(b, [4, 3, 3, 2], wv, 'float64') }, attrs);
    // OH = (3 − 1)·2 − 2 + 2 + 1 + 1 = 6, OW = (3 − 1)·2 − 0 + 1 + 1 + 1 = 7, Cout = 3·2.
    expect(out.shape).toEqual([2, 6, 6, 7]);
    const want = new Array<number>(out.values.length).fill(0);
    forEachTap({ x: [2, 6, 6, 7], w: [4, 3, 3, 2], attrs, outHW: [3, 3] }, (o, i, k) => (want[i] += xv[o]! * wv[k]!));
    expectClose(out.values, want, 1e-12);
  });

  it('float32 agrees with float64 and empty batches work', () => {
    const c = CASES[1]!;
    const xv = randomValues(c.x.reduce((p, d) => p * d), 7), wv = randomValues(c.w.reduce((p, d) => p * d), 8);
    const y32 = run(b, 'conv2d', { x: tensor(b, c.x, xv), w: tensor(b, c.w, wv) }, c.attrs);
    const y64 = run(b, 'conv2d', { x: tensor(b, c.x, Array.from(new Float32Array(xv)), 'float64'), w: tensor(b, c.w, Array.from(new Float32Array(wv)), 'float64') }, c.attrs);
    expectClose(y32.values, y64.values, 1e-6);
    expect(run(b, 'conv2d', { x: tensor(b, [0, 4, 9, 8], []), w: tensor(b, c.w, wv) }, c.attrs).shape).toEqual([0, 6, 8, 5]);
  });

  it('rejects a dy of the wrong shape', () => {
    const attrs: Conv2dAttrs = { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };
    expect(() => b.run('conv2dBackpropInput', { dy: tensor(b, [1, 1, 2, 2], [1, 2, 3, 4]), w: tensor(b, [1, 1, 2, 2], [1, 2, 3, 4]) }, { ...attrs, inputShape: [1, 1, 4, 4] })).toThrow(ShapeError);
  });
});

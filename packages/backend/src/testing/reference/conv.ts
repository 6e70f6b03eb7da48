/**
 * Reference convolutions, written from the definition: for every output position, sum over the
 * window. The backward kernels are the adjoints of that same loop (scatter instead of gather).
 */
import type { Conv2dAttrs, KernelAttrs } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { newHost } from './indexing.js';

/** Number of window positions along one spatial dim. */
export function windowCount(size: number, padSum: number, kernel: number, stride: number, dilation: number): number {
  return Math.max(0, Math.floor((size + padSum - dilation * (kernel - 1) - 1) / stride) + 1);
}

function at4(t: HostTensor, i0: number, i1: number, i2: number, i3: number): number {
  const [, d1, d2, d3] = t.shape as [number, number, number, number];
  return ((i0 * d1 + i1) * d2 + i2) * d3 + i3;
}

/**
 * Visits every (n, o, oh, ow, c, kh, kw) term of conv2d whose input tap is inside x:
 * `c` is the absolute input channel, `cg` its index within the group.
 */
function forEachTerm(
  xShape: readonly number[],
  wShape: readonly number[],
  outHW: readonly [number, number],
  attrs: Conv2dAttrs,
  fn: (n: number, o: number, oh: number, ow: number, c: number, cg: number, kh: number, kw: number, ih: number, iw: number) => void,
): void {
  const [n, , h, w] = xShape as [number, number, number, number];
  const [o, cgs, khs, kws] = wShape as [number, number, number, number];
  const og = o / attrs.groups;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const [pt, pl] = attrs.pads;
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < o; oc++)
      for (let oy = 0; oy < outHW[0]; oy++)
        for (let ox = 0; ox < outHW[1]; ox++)
          for (let cg = 0; cg < cgs; cg++)
            for (let ky = 0; ky < khs; ky++)
              for (let kx = 0; kx < kws; kx++) {
                const iy = oy * sh - pt + ky * dh;
                const ix = ox * sw - pl + kx * dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                const c = Math.floor(oc / og) * cgs + cg;
                fn(b, oc, oy, ox, c, cg, ky, kx, iy, ix);
              }
}

function convOutHW(xShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): [number, number] {
  const [pt, pl, pb, pr] = a.pads;
  return [
    windowCount(xShape[2]!, pt + pb, wShape[2]!, a.stride[0], a.dilation[0]),
    windowCount(xShape[3]!, pl + pr, wShape[3]!, a.stride[1], a.dilation[1]),
  ];
}

export function conv2d({ x, w }: { x: HostTensor; w: HostTensor }, attrs: KernelAttrs<'conv2d'>): HostTensor {
  const hw = convOutHW(x.shape, w.shape, attrs);
  const y = newHost([x.shape[0]!, w.shape[0]!, ...hw], x.dtype);
  forEachTerm(x.shape, w.shape, hw, attrs, (n, o, oh, ow, c, cg, kh, kw, ih, iw) => {
    y.data[at4(y, n, o, oh, ow)] += x.data[at4(x, n, c, ih, iw)]! * w.data[at4(w, o, cg, kh, kw)]!;
  });
  return y;
}

export function conv2dBackpropInput({ dy, w }: { dy: HostTensor; w: HostTensor }, attrs: KernelAttrs<'conv2dBackpropInput'>): HostTensor {
  const dx = newHost(attrs.inputShape, dy.dtype);
  forEachTerm(attrs.inputShape, w.shape, [dy.shape[2]!, dy.shape[3]!], attrs, (n, o, oh, ow, c, cg, kh, kw, ih, iw) => {
    dx.data[at4(dx, n, c, ih, iw)] += dy.data[at4(dy, n, o, oh, ow)]! * w.data[at4(w, o, cg, kh, kw)]!;
  });
  return dx;
}

export function conv2dBackpropFilter({ x, dy }: { x: HostTensor; dy: HostTensor }, attrs: KernelAttrs<'conv2dBackpropFilter'>): HostTensor {
  const dw = newHost(attrs.filterShape, x.dtype);
  forEachTerm(x.shape, attrs.filterShape, [dy.shape[2]!, dy.shape[3]!], attrs, (n, o, oh, ow, c, cg, kh, kw, ih, iw) => {
    dw.data[at4(dw, o, cg, kh, kw)] += dy.data[at4(dy, n, o, oh, ow)]! * x.data[at4(x, n, c, ih, iw)]!;
  });
  return dw;
}

/** Transposed convolution: each input pixel scatters its window into the output (PyTorch's ConvTranspose2d). */
export function conv2dTranspose({ x, w }: { x: HostTensor; w: HostTensor }, attrs: KernelAttrs<'conv2dTranspose'>): HostTensor {
  const [n, cin, h, wd] = x.shape as [number, number, number, number];
  const [, cog, kh, kw] = w.shape as [number, number, number, number];
  const g = attrs.groups;
  const cig = cin / g;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const [pt, pl, pb, pr] = attrs.pads;
  const oh = (h - 1) * sh - pt - pb + dh * (kh - 1) + attrs.outputPadding[0] + 1;
  const ow = (wd - 1) * sw - pl - pr + dw * (kw - 1) + attrs.outputPadding[1] + 1;
  const y = newHost([n, cog * g, oh, ow], x.dtype);
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < cin; ci++)
      for (let iy = 0; iy < h; iy++)
        for (let ix = 0; ix < wd; ix++)
          for (let co = 0; co < cog; co++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const oy = iy * sh - pt + ky * dh;
                const ox = ix * sw - pl + kx * dw;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                const oc = Math.floor(ci / cig) * cog + co;
                y.data[at4(y, b, oc, oy, ox)] += x.data[at4(x, b, ci, iy, ix)]! * w.data[at4(w, ci, co, ky, kx)]!;
              }
  return y;
}

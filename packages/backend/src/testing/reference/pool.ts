/** Reference pooling: every window listed tap by tap, in row-major window order. */
import type { KernelAttrs, Pool2dAttrs } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { windowCount } from './conv.js';
import { newHost } from './indexing.js';

/** A window tap: the flat input offset, or −1 for a padded position. */
type Tap = number;

function outShape(inShape: readonly number[], attrs: Pool2dAttrs): number[] {
  const [pt, pl, pb, pr] = attrs.pads;
  return [
    inShape[0]!,
    inShape[1]!,
    windowCount(inShape[2]!, pt + pb, attrs.kernel[0], attrs.stride[0], attrs.dilation[0]),
    windowCount(inShape[3]!, pl + pr, attrs.kernel[1], attrs.stride[1], attrs.dilation[1]),
  ];
}

/** Calls `fn(outOffset, taps)` for every output element of pooling a tensor of `inShape`. */
function forEachWindow(inShape: readonly number[], attrs: Pool2dAttrs, fn: (outOffset: number, taps: Tap[]) => void): void {
  const [n, c, h, w] = inShape as [number, number, number, number];
  const [, , oh, ow] = outShape(inShape, attrs) as [number, number, number, number];
  let outOffset = 0;
  for (let plane = 0; plane < n * c; plane++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        const taps: Tap[] = [];
        for (let ky = 0; ky < attrs.kernel[0]; ky++)
          for (let kx = 0; kx < attrs.kernel[1]; kx++) {
            const iy = oy * attrs.stride[0] - attrs.pads[0] + ky * attrs.dilation[0];
            const ix = ox * attrs.stride[1] - attrs.pads[1] + kx * attrs.dilation[1];
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
            taps.push(inside ? (plane * h + iy) * w + ix : -1);
          }
        fn(outOffset++, taps);
      }
}

export function maxPool2d({ x }: { x: HostTensor }, attrs: KernelAttrs<'maxPool2d'>): HostTensor {
  const y = newHost(outShape(x.shape, attrs), x.dtype);
  forEachWindow(x.shape, attrs, (o, taps) => {
    y.data[o] = Math.max(...taps.map((t) => (t < 0 ? -Infinity : x.data[t]!)));
  });
  return y;
}

export function maxPool2dBackward({ dy, x }: { dy: HostTensor; x: HostTensor }, attrs: KernelAttrs<'maxPool2dBackward'>): HostTensor {
  const dx = newHost(x.shape, dy.dtype);
  const value = (t: Tap) => (t < 0 ? -Infinity : x.data[t]!);
  forEachWindow(x.shape, attrs, (o, taps) => {
    let best = 0; // the first maximum wins: a later tap must be strictly greater
    for (let i = 1; i < taps.length; i++) if (value(taps[i]!) > value(taps[best]!)) best = i;
    if (taps[best]! >= 0) dx.data[taps[best]!] += dy.data[o]!;
  });
  return dx;
}

function divisor(taps: Tap[], countIncludePad: boolean): number {
  return countIncludePad ? taps.length : taps.filter((t) => t >= 0).length;
}

export function avgPool2d({ x }: { x: HostTensor }, attrs: KernelAttrs<'avgPool2d'>): HostTensor {
  const y = newHost(outShape(x.shape, attrs), x.dtype);
  forEachWindow(x.shape, attrs, (o, taps) => {
    let s = 0;
    for (const t of taps) if (t >= 0) s += x.data[t]!;
    y.data[o] = s / divisor(taps, attrs.countIncludePad);
  });
  return y;
}

export function avgPool2dBackward({ dy }: { dy: HostTensor }, attrs: KernelAttrs<'avgPool2dBackward'>): HostTensor {
  const dx = newHost(attrs.inputShape, dy.dtype);
  forEachWindow(attrs.inputShape, attrs, (o, taps) => {
    const g = dy.data[o]! / divisor(taps, attrs.countIncludePad);
    for (const t of taps) if (t >= 0) dx.data[t] += g;
  });
  return dx;
}

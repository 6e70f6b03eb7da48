/** Reference movement kernels: each output element located by an explicit index map. */
import type { KernelAttrs } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { broadcastOffset, forEachIndex, newHost, offsetOf } from './indexing.js';

export function transpose({ x }: { x: HostTensor }, { perm }: KernelAttrs<'transpose'>): HostTensor {
  const out = newHost(perm.map((p) => x.shape[p]!), x.dtype);
  const src = new Array<number>(perm.length);
  forEachIndex(out.shape, (idx, flat) => {
    perm.forEach((p, i) => (src[p] = idx[i]!));
    out.data[flat] = x.data[offsetOf(src, x.shape)]!;
  });
  return out;
}

export function broadcastTo({ x }: { x: HostTensor }, { shape }: KernelAttrs<'broadcastTo'>): HostTensor {
  const out = newHost(shape, x.dtype);
  forEachIndex(shape, (idx, flat) => (out.data[flat] = x.data[broadcastOffset(idx, x.shape)]!));
  return out;
}

/** Source index along one dim for output position `i`, or −1 for the constant. */
function padSource(i: number, before: number, dim: number, mode: KernelAttrs<'pad'>['mode']): number {
  let j = i - before;
  if (j >= 0 && j < dim) return j;
  if (mode === 'constant') return -1;
  if (mode === 'replicate') return j < 0 ? 0 : dim - 1;
  // reflect (pad < dim, so one mirror suffices): -1 → 1, dim → dim − 2
  j = j < 0 ? -j : 2 * (dim - 1) - j;
  return j;
}

export function pad({ x }: { x: HostTensor }, { pads, mode, value }: KernelAttrs<'pad'>): HostTensor {
  const out = newHost(x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]), x.dtype);
  forEachIndex(out.shape, (idx, flat) => {
    const src = idx.map((i, d) => padSource(i, pads[d]![0], x.shape[d]!, mode));
    out.data[flat] = src.includes(-1) ? value : x.data[offsetOf(src, x.shape)]!;
  });
  return out;
}

export function slice({ x }: { x: HostTensor }, { begin, size, step }: KernelAttrs<'slice'>): HostTensor {
  const out = newHost(size, x.dtype);
  forEachIndex(size, (idx, flat) => {
    out.data[flat] = x.data[offsetOf(idx.map((j, d) => begin[d]! + j * step[d]!), x.shape)]!;
  });
  return out;
}

export function concat({ xs }: { xs: HostTensor[] }, { axis }: KernelAttrs<'concat'>): HostTensor {
  const first = xs[0]!;
  const shape = [...first.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const out = newHost(shape, first.dtype);
  forEachIndex(shape, (idx, flat) => {
    let i = idx[axis]!;
    let k = 0;
    while (i >= xs[k]!.shape[axis]!) i -= xs[k++]!.shape[axis]!;
    const src = [...idx];
    src[axis] = i;
    out.data[flat] = xs[k]!.data[offsetOf(src, xs[k]!.shape)]!;
  });
  return out;
}

export function gather({ x, indices }: { x: HostTensor; indices: HostTensor }, { axis }: KernelAttrs<'gather'>): HostTensor {
  const r = indices.shape.length;
  const out = newHost([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
  forEachIndex(out.shape, (idx, flat) => {
    const at = indices.data[offsetOf(idx.slice(axis, axis + r), indices.shape)]!;
    out.data[flat] = x.data[offsetOf([...idx.slice(0, axis), at, ...idx.slice(axis + r)], x.shape)]!;
  });
  return out;
}

export function scatterAdd({ updates, indices }: { updates: HostTensor; indices: HostTensor }, { axis, shape }: KernelAttrs<'scatterAdd'>): HostTensor {
  const r = indices.shape.length;
  const out = newHost(shape, updates.dtype);
  forEachIndex(updates.shape, (idx, flat) => {
    const at = indices.data[offsetOf(idx.slice(axis, axis + r), indices.shape)]!;
    out.data[offsetOf([...idx.slice(0, axis), at, ...idx.slice(axis + r)], shape)] += updates.data[flat]!;
  });
  return out;
}

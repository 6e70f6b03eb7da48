import { DTypeError, concatShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';

export const concat: KernelImpl<CpuBackend, 'concat'> = (backend, { xs }, { axis }) => {
  const shape = concatShape(xs.map((x) => x.shape), axis);
  const dtype = xs[0]!.dtype;
  if (xs.some((x) => x.dtype !== dtype)) throw new DTypeError(`concat: inputs must share a dtype, got ${xs.map((x) => x.dtype).join(', ')}`);
  const out = backend.output(shape, dtype);
  const ov = backend.view(out);
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const outChunk = shape[axis]! * inner;
  let at = 0;
  for (const x of xs) {
    const chunk = x.shape[axis]! * inner;
    if (chunk > 0) {
      const xv = backend.view(x);
      for (let o = 0; o < outer; o++) ov.set(xv.subarray(o * chunk, (o + 1) * chunk), o * outChunk + at);
    }
    at += chunk;
  }
  return out;
};

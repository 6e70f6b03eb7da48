import { ShapeError, fmtShape, sizeOf, stridesOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { stridedCopy } from '../helpers/strided.js';

/** A strided slice is a view (offset, strides) of x; negative steps are negative strides. */
export const slice: KernelImpl<CpuBackend, 'slice'> = (backend, { x }, { begin, size, step }) => {
  const rank = x.shape.length;
  const bad = (why: string) => new ShapeError(`slice: ${why} (x ${fmtShape(x.shape)}, begin [${begin.join(', ')}], size [${size.join(', ')}], step [${step.join(', ')}])`);
  if (begin.length !== rank || size.length !== rank || step.length !== rank) throw bad(`needs ${rank} begin, size and step values`);
  const inStrides = stridesOf(x.shape);
  let offset = 0;
  for (let d = 0; d < rank; d++) {
    const dim = x.shape[d]!, b = begin[d]!, n = size[d]!, s = step[d]!;
    if (!Number.isInteger(s) || s === 0) throw bad(`step ${s} in dim ${d} must be a non-zero integer`);
    if (!Number.isInteger(n) || n < 0) throw bad(`size ${n} in dim ${d} must be a non-negative integer`);
    if (n === 0) continue;
    const last = b + (n - 1) * s;
    if (!Number.isInteger(b) || b < 0 || b >= dim || last < 0 || last >= dim) throw bad(`dim ${d} would read indices ${b} to ${last} of ${dim}`);
    offset += b * inStrides[d]!;
  }
  const out = backend.output(size, x.dtype);
  if (sizeOf(size) > 0) stridedCopy(backend.view(x), offset, size, step.map((s, d) => s * inStrides[d]!), backend.view(out));
  return out;
};

import { sizeOf, sliceView } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { stridedCopy } from '../helpers/strided.js';

/** A strided slice is a view (offset, strides) of x; negative steps are negative strides. */
export const slice: KernelImpl<CpuBackend, 'slice'> = (backend, { x }, { begin, size, step }) => {
  const { offset, strides } = sliceView(x.shape, begin, size, step);
  const out = backend.output(size, x.dtype);
  if (sizeOf(size) > 0) stridedCopy(backend.view(x), offset, size, strides, backend.view(out));
  return out;
};

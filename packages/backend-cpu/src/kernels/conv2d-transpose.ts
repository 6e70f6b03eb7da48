import { conv2dTransposeShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireSameDType } from '../helpers/checks.js';
import { convBackpropInput } from './conv2d-backprop-input.js';

/**
 * A transposed convolution is the input gradient of the convolution that maps its output back to
 * x: x plays dy, and w [Cin, Cout/g, KH, KW] is exactly that convolution's [O, C/g, KH, KW] weight.
 */
export const conv2dTranspose: KernelImpl<CpuBackend, 'conv2dTranspose'> = (backend, { x, w }, attrs) => {
  requireSameDType('conv2dTranspose', { x, w });
  requireDType('conv2dTranspose', 'x', x, FLOAT_DTYPES);
  const shape = conv2dTransposeShape(x.shape, w.shape, attrs);
  return convBackpropInput(backend, x, w, shape, attrs);
};

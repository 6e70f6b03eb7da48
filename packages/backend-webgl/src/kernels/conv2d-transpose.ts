import { conv2dTransposeShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType, requireSameDType } from './checks.js';
import { convInputGrad } from './conv-input-grad.js';

/**
 * A transposed convolution is the input gradient of the convolution that maps its output back to
 * x: x plays dy, and w [Cin, Cout/g, KH, KW] is exactly that convolution's [O, C/g, KH, KW] weight.
 */
export const conv2dTranspose: KernelImpl<WebGLBackend, 'conv2dTranspose'> = (backend, { x, w }, attrs) => {
  requireSameDType('conv2dTranspose', { x, w });
  requireDType('conv2dTranspose', 'x', x, WEBGL_FLOAT);
  const shape = conv2dTransposeShape(x.shape, w.shape, attrs);
  return convInputGrad(backend, 'conv2dTranspose', x, w, shape, attrs);
};

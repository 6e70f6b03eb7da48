import { conv2dShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType, requireRank, requireSameDType, requireShape } from './checks.js';
import { convInputGrad } from './conv-input-grad.js';

/** One pass: each dx element gathers from the dy positions whose windows tap it (see conv-input-grad.ts). */
export const conv2dBackpropInput: KernelImpl<WebGLBackend, 'conv2dBackpropInput'> = (backend, { dy, w }, attrs) => {
  const op = 'conv2dBackpropInput';
  requireSameDType(op, { dy, w });
  requireDType(op, 'dy', dy, WEBGL_FLOAT);
  requireRank(op, 'inputShape', attrs.inputShape, 4, '[N, C, H, W]');
  requireShape(op, 'dy', dy.shape, conv2dShape(attrs.inputShape, w.shape, attrs));
  return convInputGrad(backend, op, dy, w, attrs.inputShape, attrs);
};

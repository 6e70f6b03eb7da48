import { checkConv2dBackpropInputArgs } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT } from './checks.js';
import { convInputGrad } from './conv-input-grad.js';

/** One pass: each dx element gathers from the dy positions whose windows tap it (see conv-input-grad.ts). */
export const conv2dBackpropInput: KernelImpl<WebGLBackend, 'conv2dBackpropInput'> = (backend, { dy, w }, attrs) => {
  const op = 'conv2dBackpropInput';
  checkConv2dBackpropInputArgs(dy, w, attrs, WEBGL_FLOAT);
  return convInputGrad(backend, op, dy, w, attrs.inputShape, attrs);
};

/**
 * @pistil/backend-webgl — Pistil's WebGL2 backend.
 *
 * Importing this package registers the backend as 'webgl' (priority 2, preferred over 'cpu')
 * with the registry of `@pistil/backend`: `setDefaultDevice('webgl')`, `t.to('webgl')` and
 * `{ device: 'webgl' }` then work. Where WebGL2 or float32 render targets are missing, starting
 * it throws a `BackendError` saying which, and `bestBackend` falls back to the CPU.
 */
import { registerBackend } from '@pistil/backend';
import { WebGLBackend, type WebGLBackendOptions } from './backend.js';

export { WebGLBackend, WEBGL_DTYPES } from './backend.js';
export type { WebGLBackendOptions } from './backend.js';
export type { PackedOutput, ShaderSpec, ShaderUniform } from './shader.js';
export type { TexelFormat, TexelLayout } from './layout.js';

const PRIORITY = 2;

/**
 * Replaces the registered 'webgl' backend with a fresh one (a new GL context): the way back after
 * the context was lost. Tensors of the old one are gone; reload weights onto the new one.
 */
export function restartWebGLBackend(options: WebGLBackendOptions = {}): void {
  registerBackend('webgl', () => new WebGLBackend(options), { priority: PRIORITY });
}

restartWebGLBackend();

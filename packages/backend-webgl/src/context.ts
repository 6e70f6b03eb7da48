/**
 * Getting a WebGL2 context that can render to float32 textures, or the reason there is none.
 * Works on the main thread (a detached <canvas>) and in workers (OffscreenCanvas).
 */
import { BackendError } from '@pistil/backend';

export interface GLContext {
  gl: WebGL2RenderingContext;
  canvas: HTMLCanvasElement | OffscreenCanvas;
}

const ATTRIBUTES: WebGLContextAttributes = {
  alpha: false,
  antialias: false,
  depth: false,
  stencil: false,
  preserveDrawingBuffer: false,
  premultipliedAlpha: false,
  powerPreference: 'high-performance',
  failIfMajorPerformanceCaveat: false,
};

function makeCanvas(): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  throw new BackendError('WebGL2 is not available here: no OffscreenCanvas and no document (WebGL needs a browser; in Node use the cpu backend)');
}

/** A WebGL2 context with `EXT_color_buffer_float`, or a `BackendError` that says what is missing. */
export function createContext(canvas: HTMLCanvasElement | OffscreenCanvas = makeCanvas()): GLContext {
  const gl = canvas.getContext('webgl2', ATTRIBUTES) as WebGL2RenderingContext | null;
  if (!gl) throw new BackendError('WebGL2 is not available: getContext("webgl2") returned null (the browser or GPU driver lacks WebGL2, or it is disabled)');
  if (!gl.getExtension('EXT_color_buffer_float')) {
    throw new BackendError('WebGL2 lacks EXT_color_buffer_float: float32 textures cannot be rendered to, so this GPU cannot run the webgl backend');
  }
  return { gl, canvas };
}

/**
 * Reading textures back to the CPU. `readSync` is a blocking readPixels; `readAsync` copies into
 * a pixel-pack buffer, sets a fence and polls it between tasks, so the page keeps running while
 * the GPU finishes, and only then maps the bytes (as tfjs does with WebGL2).
 */
import { BackendError } from '@pistil/backend';
import type { PooledTexture } from './textures.js';

/** How often a pending read looks at its fence. */
const POLL_MS = 1;

function channelsOf(gl: WebGL2RenderingContext, t: PooledTexture): { format: number; type: number; array: Float32Array | Int32Array } {
  const n = t.width * t.height * 4; // RGBA: the format/type pair every float or int color buffer must support
  return t.format === 'float'
    ? { format: gl.RGBA, type: gl.FLOAT, array: new Float32Array(n) }
    : { format: gl.RGBA_INTEGER, type: gl.INT, array: new Int32Array(n) };
}

/** The red channel of the first `size` texels. */
function firstChannel<T extends Float32Array | Int32Array>(rgba: T, size: number): T {
  const out = new (rgba.constructor as { new (n: number): T })(size);
  for (let i = 0; i < size; i++) out[i] = rgba[4 * i]!;
  return out;
}

export function readTextureSync(gl: WebGL2RenderingContext, fb: WebGLFramebuffer, t: PooledTexture, size: number): Float32Array | Int32Array {
  const { format, type, array } = channelsOf(gl, t);
  gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, t.texture, 0);
  gl.readPixels(0, 0, t.width, t.height, format, type, array);
  return firstChannel(array, size);
}

export async function readTextureAsync(
  gl: WebGL2RenderingContext,
  fb: WebGLFramebuffer,
  t: PooledTexture,
  size: number,
  isLost: () => boolean,
): Promise<Float32Array | Int32Array> {
  const { format, type, array } = channelsOf(gl, t);
  const buffer = gl.createBuffer();
  if (!buffer) throw new BackendError('webgl: read: could not create a pixel buffer (context lost?)');
  try {
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, array.byteLength, gl.STREAM_READ);
    gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, t.texture, 0);
    gl.readPixels(0, 0, t.width, t.height, format, type, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    // The copy is queued: the texture may be reused from here on, GL keeps the order.
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!sync) throw new BackendError('webgl: read: could not create a fence (context lost?)');
    gl.flush();
    try {
      for (;;) {
        if (isLost()) throw new BackendError('webgl: read: the WebGL context was lost while waiting for the GPU; the data is gone');
        const status = gl.clientWaitSync(sync, 0, 0);
        if (status === gl.ALREADY_SIGNALED || status === gl.CONDITION_SATISFIED) break;
        if (status === gl.WAIT_FAILED) throw new BackendError('webgl: read: waiting for the GPU failed');
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      gl.deleteSync(sync);
    }
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, array);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    return firstChannel(array, size);
  } finally {
    gl.deleteBuffer(buffer);
  }
}

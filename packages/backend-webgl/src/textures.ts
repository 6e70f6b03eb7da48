/**
 * GL textures, pooled by format and size: a training step frees and allocates the same shapes
 * every time, so after the first step every texture comes from the pool and none is created.
 * Every texture has one level, NEAREST filtering and CLAMP_TO_EDGE: shader.ts samples texel
 * centres with `texture()` and relies on getting exactly that texel.
 */
import { BackendError } from '@pistil/backend';
import type { TexelFormat, TextureShape } from './layout.js';

export interface PooledTexture extends TextureShape {
  readonly texture: WebGLTexture;
  readonly format: TexelFormat;
  readonly bytes: number;
}

const INTERNAL_NAMES: Record<TexelFormat, string> = { float: 'R32F', int: 'R32I', vec4: 'RGBA32F' };
const BYTES_PER_TEXEL: Record<TexelFormat, number> = { float: 4, int: 4, vec4: 16 };

function keyOf(format: TexelFormat, width: number, height: number): string {
  return `${format}:${width}x${height}`;
}

export class TexturePool {
  private readonly free = new Map<string, PooledTexture[]>();
  private created = 0;
  private pooledBytes = 0;
  private pooledCount = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  /** A texture of exactly this format and size, reused when one is free. */
  acquire(format: TexelFormat, shape: TextureShape): PooledTexture {
    const list = this.free.get(keyOf(format, shape.width, shape.height));
    const reused = list?.pop();
    if (reused) {
      this.pooledBytes -= reused.bytes;
      this.pooledCount--;
      return reused;
    }
    return this.create(format, shape);
  }

  release(t: PooledTexture): void {
    const key = keyOf(t.format, t.width, t.height);
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(t);
    this.pooledBytes += t.bytes;
    this.pooledCount++;
  }

  /** Deletes every pooled (unused) texture. */
  drain(): void {
    for (const list of this.free.values()) for (const t of list) this.gl.deleteTexture(t.texture);
    this.created -= this.pooledCount;
    this.free.clear();
    this.pooledBytes = 0;
    this.pooledCount = 0;
  }

  /** Forgets everything without GL calls (the context is gone). */
  abandon(): void {
    this.free.clear();
    this.created = 0;
    this.pooledBytes = 0;
    this.pooledCount = 0;
  }

  /** GL textures alive: in use plus pooled. */
  get count(): number {
    return this.created;
  }

  get idleBytes(): number {
    return this.pooledBytes;
  }

  private create(format: TexelFormat, { width, height }: TextureShape): PooledTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    if (!texture) throw new BackendError(`webgl: could not create a ${width}×${height} texture (${gl.isContextLost() ? 'the WebGL context is lost' : 'out of GPU memory?'})`);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    const internal = format === 'float' ? gl.R32F : format === 'int' ? gl.R32I : gl.RGBA32F;
    gl.texStorage2D(gl.TEXTURE_2D, 1, internal, width, height);
    const err = gl.getError();
    if (err !== gl.NO_ERROR) {
      gl.deleteTexture(texture);
      throw new BackendError(`webgl: allocating a ${width}×${height} ${INTERNAL_NAMES[format]} texture failed (GL error 0x${err.toString(16)}${err === gl.OUT_OF_MEMORY ? ': out of GPU memory' : ''})`);
    }
    this.created++;
    return { texture, format, width, height, bytes: width * height * BYTES_PER_TEXEL[format] };
  }
}

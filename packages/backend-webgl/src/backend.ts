/**
 * The WebGL2 backend: every tensor is a texture (one element per texel), every kernel one or a
 * few fragment-shader passes. Kernels are queued on the GPU and return at once; `read` waits
 * for them without blocking the page, `readSync` blocks.
 */
import {
  BackendError,
  DTypeError,
  KernelTable,
  ShapeError,
  newTypedArray,
  sizeOf,
  type Backend,
  type DType,
  type DataId,
  type KernelAttrs,
  type KernelInputs,
  type KernelName,
  type KernelOutput,
  type MemoryInfo,
  type TensorInfo,
  type TypedArray,
} from '@pistil/backend';
import { createContext } from './context.js';
import { registerKernels } from './kernels/index.js';
import { formatOf, packedFits, textureShapeFor, type TexelLayout } from './layout.js';
import { ProgramCache } from './programs.js';
import { readTextureAsync, readTextureSync } from './readback.js';
import { fragmentSource, samplerOf, type BoundInput, type PackedOutput, type ShaderSpec } from './shader.js';
import { TexturePool, type PooledTexture } from './textures.js';

export const WEBGL_DTYPES: readonly DType[] = ['float32', 'int32', 'uint8', 'bool'];

/** Render targets one pass may write (WebGL2 guarantees MAX_DRAW_BUFFERS ≥ 4). */
const MAX_TARGETS = 4;

export interface WebGLBackendOptions {
  /** Draw on this canvas (default: a new OffscreenCanvas, or a detached <canvas>). */
  canvas?: HTMLCanvasElement | OffscreenCanvas;
}

/** The handle of one tensor's texture; `texture` is undefined for zero-size tensors and once disposed. */
class WebGLDataId implements DataId {
  readonly backend = 'webgl';
  disposed = false;
  constructor(
    readonly owner: WebGLBackend,
    readonly dtype: DType,
    readonly size: number,
    public texture: PooledTexture | undefined,
  ) {}
}

const LOST_CONTEXT =
  "the WebGL context was lost (GPU reset, driver update, or too many contexts); every tensor on 'webgl' is gone. " +
  "Recover with restartWebGLBackend() from '@pistil/backend-webgl' and reload the weights (e.g. model.loadStateDict from a saved state)";

export class WebGLBackend implements Backend {
  readonly name = 'webgl';
  readonly dtypes = WEBGL_DTYPES;
  readonly gl: WebGL2RenderingContext;
  readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  /** MAX_TEXTURE_SIZE: the longest texture row, and the most rows. */
  readonly maxTextureSize: number;
  private readonly kernels = new KernelTable<WebGLBackend>('webgl');
  private readonly textures: TexturePool;
  private readonly programs: ProgramCache;
  private readonly framebuffer: WebGLFramebuffer;
  private readonly live = new Set<WebGLDataId>();
  private liveBytes = 0;
  private lost = false;
  private destroyed = false;
  /** Buffers allocated by the kernels now running, freed if one throws (see `run`). */
  private readonly kernelAllocs: WebGLDataId[] = [];
  private runDepth = 0;
  private readonly onLost = (event: Event): void => {
    event.preventDefault();
    this.markLost();
  };

  constructor(options: WebGLBackendOptions = {}) {
    const { gl, canvas } = createContext(options.canvas);
    this.gl = gl;
    this.canvas = canvas;
    this.maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    this.textures = new TexturePool(gl);
    this.programs = new ProgramCache(gl);
    const fb = gl.createFramebuffer();
    if (!fb) throw new BackendError('webgl: could not create a framebuffer');
    this.framebuffer = fb;
    canvas.addEventListener('webglcontextlost', this.onLost as EventListener);
    registerKernels(this.kernels);
  }

  /** True once the GL context is lost: every call then throws a `BackendError` saying so. */
  get contextLost(): boolean {
    return this.lost;
  }

  /** GL textures the backend holds: those of live tensors plus those pooled for reuse. */
  textureCount(): number {
    return this.textures.count;
  }

  /** Shader programs compiled so far (one per kernel and shape signature). */
  programCount(): number {
    return this.programs.size;
  }

  /** Deletes the pooled textures no tensor uses (they are otherwise kept for reuse). */
  releaseUnusedTextures(): void {
    this.checkUsable();
    this.textures.drain();
  }

  /**
   * A packed scratch tensor (internal to kernels): `rows` × `cols` texels of four float32 each, in
   * an RGBA32F texture `cols` wide; its TensorInfo has shape [rows, cols, 4] and dtype float32. It
   * is counted, pooled and disposed like any tensor, but cannot be written or read back.
   */
  emptyPacked(rows: number, cols: number): TensorInfo {
    this.checkUsable();
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && packedFits(rows, cols, this.maxTextureSize))) {
      throw new ShapeError(`webgl: internal: a packed ${rows}×${cols} texture does not fit this GPU's MAX_TEXTURE_SIZE ${this.maxTextureSize}`);
    }
    const texture = this.textures.acquire('vec4', { width: cols, height: rows });
    const id = new WebGLDataId(this, 'float32', rows * cols * 4, texture);
    this.track(id);
    return { dataId: id, shape: [rows, cols, 4], dtype: 'float32' };
  }

  /** How the texture of `info` is laid out (what shader.ts writes its readers from). */
  layoutOf(info: TensorInfo): TexelLayout {
    const t = this.idOf(info.dataId).texture;
    if (!t) return { width: 1, height: 1, format: formatOf(info.dtype), texels: 0, packed: false };
    const packed = t.format === 'vec4';
    return { width: t.width, height: t.height, format: t.format, texels: packed ? t.width * t.height : sizeOf(info.shape), packed };
  }

  alloc(dtype: DType, size: number): DataId {
    this.checkUsable();
    if (!WEBGL_DTYPES.includes(dtype)) {
      throw new DTypeError(`webgl: dtype '${String(dtype)}' is not supported (webgl stores ${WEBGL_DTYPES.join(', ')}; compute float64 on the cpu backend)`);
    }
    if (!(Number.isInteger(size) && size >= 0)) throw new ShapeError(`webgl: cannot allocate ${size} elements`);
    const texture = size === 0 ? undefined : this.textures.acquire(formatOf(dtype), textureShapeFor(size, this.maxTextureSize));
    const id = new WebGLDataId(this, dtype, size, texture);
    this.track(id);
    return id;
  }

  private track(id: WebGLDataId): void {
    this.live.add(id);
    this.liveBytes += id.texture?.bytes ?? 0;
    if (this.runDepth > 0) this.kernelAllocs.push(id);
  }

  write(dataId: DataId, values: TypedArray): void {
    const id = this.idOf(dataId);
    if (values.length !== id.size) throw new ShapeError(`webgl: write of ${values.length} values into a buffer of ${id.size}`);
    const t = id.texture;
    if (!t) return;
    if (t.format === 'vec4') throw new BackendError('webgl: internal: a packed scratch tensor cannot be written');
    const gl = this.gl;
    const texels = t.width * t.height;
    let data: Float32Array | Int32Array;
    if (t.format === 'float') {
      data = values instanceof Float32Array && values.length === texels ? values : copyInto(new Float32Array(texels), values, false);
    } else {
      data = values instanceof Int32Array && values.length === texels ? values : copyInto(new Int32Array(texels), values, id.dtype === 'bool');
    }
    gl.bindTexture(gl.TEXTURE_2D, t.texture);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, t.width, t.height, t.format === 'float' ? gl.RED : gl.RED_INTEGER, t.format === 'float' ? gl.FLOAT : gl.INT, data);
  }

  readSync(dataId: DataId): TypedArray {
    const id = this.idOf(dataId);
    if (!id.texture) return newTypedArray(id.dtype, 0);
    if (id.texture.format === 'vec4') throw new BackendError('webgl: internal: a packed scratch tensor cannot be read back');
    return toDType(readTextureSync(this.gl, this.framebuffer, id.texture, id.size), id.dtype);
  }

  async read(dataId: DataId): Promise<TypedArray> {
    const id = this.idOf(dataId);
    if (!id.texture) return newTypedArray(id.dtype, 0);
    if (id.texture.format === 'vec4') throw new BackendError('webgl: internal: a packed scratch tensor cannot be read back');
    const raw = await readTextureAsync(this.gl, this.framebuffer, id.texture, id.size, () => this.lost || this.gl.isContextLost());
    return toDType(raw, id.dtype);
  }

  dispose(dataId: DataId): void {
    const id = this.idOf(dataId, { allowLost: true });
    id.disposed = true;
    this.live.delete(id);
    if (id.texture) {
      this.liveBytes -= id.texture.bytes;
      if (!this.lost) this.textures.release(id.texture);
      id.texture = undefined;
    }
  }

  memory(): MemoryInfo {
    return { buffers: this.live.size, bytes: this.liveBytes, reservedBytes: this.liveBytes + this.textures.idleBytes };
  }

  hasKernel(name: KernelName): boolean {
    return this.kernels.has(name);
  }

  kernelNames(): KernelName[] {
    return this.kernels.names();
  }

  /** Runs a kernel; if it throws, whatever it had allocated is freed. */
  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): KernelOutput<K> {
    this.checkUsable();
    const allocs = this.kernelAllocs;
    const start = allocs.length;
    this.runDepth++;
    try {
      return this.kernels.run(this, kernel, inputs, attrs);
    } catch (err) {
      for (let i = start; i < allocs.length; i++) if (!allocs[i]!.disposed) this.dispose(allocs[i]!);
      allocs.length = start;
      throw err;
    } finally {
      if (--this.runDepth === 0) allocs.length = 0;
    }
  }

  /** A new tensor of `shape` and `dtype` (its texture allocated, contents unspecified). */
  empty(shape: readonly number[], dtype: DType): TensorInfo {
    return { dataId: this.alloc(dtype, sizeOf(shape)), shape: [...shape], dtype };
  }

  /** Runs one fragment-shader pass (see `ShaderSpec`) into a new tensor and returns it. */
  runShader(spec: ShaderSpec): TensorInfo {
    return this.draw(spec)[0]!;
  }

  /**
   * Runs one pass whose packed output has `spec.output.targets` grids of the same shape, one per
   * render target (at most 4, which every WebGL2 GPU draws to at once): what the shader's
   * `compute(row, col, out vec4 o0, …)` writes to `o<t>` lands in the t-th tensor returned.
   */
  runShaderTargets(spec: ShaderSpec & { output: PackedOutput }): TensorInfo[] {
    return this.draw(spec);
  }

  private draw(spec: ShaderSpec): TensorInfo[] {
    const o = spec.output;
    const count = o.packed ? o.targets ?? 1 : 1;
    if (!(Number.isInteger(count) && count >= 1 && count <= MAX_TARGETS)) throw new BackendError(`webgl: internal: ${spec.kernel}: ${count} render targets (1 to ${MAX_TARGETS})`);
    const outs: TensorInfo[] = [];
    try {
      for (let t = 0; t < count; t++) outs.push(o.packed ? this.emptyPacked(o.shape[0], o.shape[1]) : this.empty(o.shape, o.dtype));
    } catch (err) {
      for (const t of outs) this.dispose(t.dataId);
      throw err;
    }
    const outTex = (outs[0]!.dataId as WebGLDataId).texture;
    if (!outTex) return outs;
    const gl = this.gl;
    const bound: BoundInput[] = [];
    const textures: (WebGLTexture | null)[] = [];
    for (const [name, info] of Object.entries(spec.inputs)) {
      bound.push({ name, layout: this.layoutOf(info) });
      textures.push(this.idOf(info.dataId).texture?.texture ?? null);
    }
    const source = fragmentSource(spec, bound, outTex.width, sizeOf(o.shape));
    const program = this.programs.get(spec.kernel, source);
    gl.useProgram(program.program);
    bound.forEach((b, unit) => {
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, textures[unit]!);
      gl.uniform1i(this.programs.uniform(program, samplerOf(b.name)), unit);
    });
    for (const [name, u] of Object.entries(spec.uniforms ?? {})) {
      const loc = this.programs.uniform(program, name);
      if (u.type === 'float') gl.uniform1f(loc, u.value);
      else gl.uniform1i(loc, u.value);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    const attachments = outs.map((_, t) => gl.COLOR_ATTACHMENT0 + t);
    outs.forEach((t, i) => gl.framebufferTexture2D(gl.FRAMEBUFFER, attachments[i]!, gl.TEXTURE_2D, (t.dataId as WebGLDataId).texture!.texture, 0));
    if (count > 1) gl.drawBuffers(attachments);
    gl.viewport(0, 0, outTex.width, outTex.height);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    if (count > 1) {
      // back to one target: the next pass (or a read) sees only attachment 0
      for (let t = 1; t < count; t++) gl.framebufferTexture2D(gl.FRAMEBUFFER, attachments[t]!, gl.TEXTURE_2D, null, 0);
      gl.drawBuffers([gl.COLOR_ATTACHMENT0]);
    }
    return outs;
  }

  /** Frees every texture and program; the backend cannot be used afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const id of this.live) {
      id.disposed = true;
      id.texture = undefined;
    }
    this.live.clear();
    this.liveBytes = 0;
    this.canvas.removeEventListener('webglcontextlost', this.onLost as EventListener);
    if (!this.lost) {
      this.textures.abandon(); // textures of live tensors were dropped above; delete them with the context
      this.programs.clear();
      this.gl.deleteFramebuffer(this.framebuffer);
      this.gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.textures.abandon();
    this.programs.abandon();
  }

  private checkUsable(): void {
    if (!this.lost && this.gl.isContextLost()) this.markLost();
    if (this.lost) throw new BackendError(`webgl: ${LOST_CONTEXT}`);
    if (this.destroyed) throw new BackendError('webgl: this backend was destroyed');
  }

  private idOf(dataId: DataId, { allowLost = false } = {}): WebGLDataId {
    if (!(dataId instanceof WebGLDataId) || dataId.owner !== this) {
      throw new BackendError(`webgl: buffer belongs to backend '${dataId.backend}'${dataId.backend === 'webgl' ? ' (another instance)' : ''}, not to this one`);
    }
    if (dataId.disposed) throw new BackendError('webgl: buffer used after it was disposed');
    if (!allowLost) this.checkUsable();
    return dataId;
  }
}

function copyInto<T extends Float32Array | Int32Array>(dst: T, src: TypedArray, asBool: boolean): T {
  if (asBool) for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
  else dst.set(src as ArrayLike<number>);
  return dst;
}

function toDType(raw: Float32Array | Int32Array, dtype: DType): TypedArray {
  if (dtype === 'float32' || dtype === 'int32') return raw;
  const out = newTypedArray(dtype, raw.length);
  out.set(raw);
  return out;
}

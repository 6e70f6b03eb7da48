import {
  BackendError,
  DTYPES,
  DTypeError,
  KernelTable,
  ShapeError,
  bytesPerElement,
  fmtShape,
  sizeOf,
} from '@pistil/backend';
import type {
  Backend,
  DType,
  DataId,
  KernelAttrs,
  KernelInputs,
  KernelName,
  KernelOutput,
  MemoryInfo,
  TensorInfo,
  TypedArray,
} from '@pistil/backend';
import { Heap, type HeapOptions } from './heap.js';
import { registerCpuKernels } from './kernels/index.js';
import { gemm, type FloatArray, type StridedMatrix } from './helpers/gemm.js';
import { col2im, im2col, type ConvGeometry } from './helpers/im2col.js';
import { viewAt } from './helpers/views.js';
import { SimdKernels } from './wasm/simd.js';
import { ParallelGemm, type ParallelGemmStats } from './threads/gemm.js';

/** Where a buffer lives: (pointer, byte length, dtype) inside the heap's memory. */
export interface Allocation {
  readonly ptr: number;
  readonly byteLength: number;
  readonly dtype: DType;
  readonly size: number;
}

/**
 * The opaque handle `alloc` returns; only its backend knows what it points to. It carries its
 * allocation (undefined once freed) and its owner, so that the per-op lookups (`view`, `dispose`)
 * are field reads rather than Map/WeakSet operations.
 */
class CpuDataId implements DataId {
  readonly backend = 'cpu';
  /** The last typed array `view` made, and the heap buffer it is on (a growth replaces the buffer). */
  cachedView: TypedArray | undefined = undefined;
  cachedBuffer: ArrayBufferLike | undefined = undefined;
  /** The last shape `view` checked against this buffer (callers pass the same frozen array op after op). */
  checkedShape: readonly number[] | undefined = undefined;
  constructor(readonly owner: CpuBackend, public allocation: Allocation | undefined) {}
}

/** A heap block for a kernel's temporary data (im2col columns…); `free` it when done. */
export interface Scratch {
  readonly ptr: number;
  readonly size: number;
  view(): TypedArray;
  free(): void;
}

/** 'simd': WebAssembly SIMD kernels where they apply; 'scalar': the TypeScript kernels only. */
export type CpuKernelVariant = 'simd' | 'scalar';

export interface CpuBackendOptions extends HeapOptions {
  /** Default 'simd' where WebAssembly SIMD is available; 'scalar' keeps to the TypeScript reference kernels. */
  kernels?: CpuKernelVariant;
  /**
   * float32 products of fewer multiply-adds (m·n·k) than this stay on the TypeScript GEMM, where
   * the call and packing overhead of the WebAssembly one would dominate. 0 sends every float32
   * product to WebAssembly (tests do, to cover its edge cases).
   */
  simdGemmMinWork?: number;
  /**
   * Threads for large float32 GEMMs (matmul, every convolution kernel), the calling one included.
   * Default: the PISTIL_THREADS environment variable (Node; read once) if set, else the number of
   * logical cores. Threads need the SIMD kernels on a shared heap (SharedArrayBuffer; in browsers
   * cross-origin isolation and a worker thread, as Atomics.wait is not allowed on the main thread);
   * elsewhere, and with 1, there is no worker pool. Workers start in the background: GEMMs run on
   * the calling thread until `ready` resolves.
   */
  threads?: number;
  /**
   * float32 GEMMs of at least this many multiply-adds (m·n·k) are split over the threads; smaller
   * ones stay on the calling thread, where waking the workers would cost more than it saves.
   * 0 splits every float32 GEMM that goes to WebAssembly (tests).
   */
  parallelGemmMinWork?: number;
  /** The worker script, default `threads/worker.js` next to the package's modules (tests, unusual bundles). */
  workerUrl?: URL;
}

/** Parallel GEMM statistics of a backend (see `CpuBackend.threadStats`). */
export type CpuThreadStats = ParallelGemmStats;

/**
 * Measured crossover (Node 20, x86-64): SIMD is ~1.5× faster from 4×4×4 (64 multiply-adds),
 * ~5× at 8×8×8; below 64 both take ~0.2-0.3 µs. Single dot products (m = n = 1) stay ~2× slower
 * in SIMD (its 4×8 edge tile does 32× the work) but cost ~1-2 µs either way.
 */
const DEFAULT_SIMD_GEMM_MIN_WORK = 64;

/**
 * Measured crossover for 2 threads (Node 20, x86-64, 2 cores, idle), with B freshly written by the
 * calling thread as in a convolution (so the worker pulls it from the other core's cache):
 * 6×784×25 0.93×, 16×100×150 1.00×, 64³ 1.15×, 96³ 1.36×, 128³ 1.43×, 1024³ 1.99×.
 */
const DEFAULT_PARALLEL_GEMM_MIN_WORK = 64 * 64 * 64;

/** PISTIL_THREADS, read once: undefined when unset or empty (browsers have no environment). */
let envThreads: number | undefined | null = null;
function threadsFromEnv(): number | undefined {
  if (envThreads === null) {
    const raw = typeof process !== 'undefined' ? process.env?.['PISTIL_THREADS']?.trim() : undefined;
    if (raw) {
      const n = Number(raw);
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`cpu: PISTIL_THREADS=${raw} is not a thread count (a whole number ≥ 1)`);
      envThreads = n;
    } else {
      envThreads = undefined;
    }
  }
  return envThreads;
}

export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly dtypes: readonly DType[] = DTYPES;
  readonly heap: Heap;
  private readonly kernels = new KernelTable<CpuBackend>('cpu');
  /** Live buffers, for `memory()` and `destroy()`; lookups go through the id's own fields. */
  private readonly live = new Set<CpuDataId>();
  private liveBytes = 0;
  /**
   * Buffers allocated by the kernels now running (one stack shared by nested `run`s, each
   * remembering where its part starts), freed if a kernel throws. Shared so that a kernel run
   * allocates no bookkeeping arrays.
   */
  private readonly kernelAllocs: CpuDataId[] = [];
  private runDepth = 0;
  /** The kernels in use: 'simd' only when asked for (the default) and WebAssembly SIMD is available. */
  readonly kernelVariant: CpuKernelVariant;
  private readonly simd: SimdKernels | undefined;
  private readonly simdGemmMinWork: number;
  /** The SIMD GEMM over a worker pool; only with SIMD kernels on a shared heap and more than one thread. */
  private readonly parallel: ParallelGemm | undefined;
  /**
   * Resolves when the worker threads are up (at once without threads); GEMMs run on the calling
   * thread until then. Rejects if the workers could not start; the backend still works, on one thread.
   */
  readonly ready: Promise<void>;

  constructor(options: CpuBackendOptions = {}) {
    this.heap = new Heap(options);
    this.simd = options.kernels === 'scalar' ? undefined : SimdKernels.create(this.heap);
    this.kernelVariant = this.simd ? 'simd' : 'scalar';
    this.simdGemmMinWork = options.simdGemmMinWork ?? DEFAULT_SIMD_GEMM_MIN_WORK;
    registerCpuKernels(this.kernels);
    const threads = options.threads ?? threadsFromEnv();
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`cpu: threads: ${threads} is not a thread count`);
    if (this.simd && this.heap.shared && threads !== 1) {
      const minWork = options.parallelGemmMinWork ?? DEFAULT_PARALLEL_GEMM_MIN_WORK;
      this.parallel = new ParallelGemm(this.simd, this.heap, { threads, minWork, workerUrl: options.workerUrl });
    }
    this.ready = this.parallel?.ready ?? Promise.resolve();
  }

  /** Threads a large float32 GEMM is split over now: 1 without a pool or until its workers are up. */
  get threads(): number {
    return this.parallel?.threads ?? 1;
  }

  /** What the worker pool has done (GEMMs split, chunks run on workers); undefined without one. */
  threadStats(): CpuThreadStats | undefined {
    return this.parallel?.stats();
  }

  /**
   * C = A·B (+ C), as `gemm` in helpers/gemm.ts. float32 operands that are all live views of the
   * heap go to the WebAssembly SIMD GEMM (float32 sums); anything else (float64, arrays off the
   * heap, views made before the heap last grew, small products) to the TypeScript one.
   */
  gemm(
    m: number, n: number, k: number,
    a: StridedMatrix, b: StridedMatrix,
    c: FloatArray, cOffset: number, cRowStride: number,
    accumulate: boolean,
  ): void {
    const simd = this.simd;
    if (simd && m * n * k >= this.simdGemmMinWork && this.onHeap32(a.data) && this.onHeap32(b.data) && this.onHeap32(c)) {
      const ap = a.data.byteOffset + a.offset * 4;
      const bp = b.data.byteOffset + b.offset * 4;
      const cp = c.byteOffset + cOffset * 4;
      // Large products over the worker pool (same sums, bit for bit); the rest on this thread.
      if (this.parallel?.sgemm(m, n, k, ap, a.rowStride, a.colStride, bp, b.rowStride, b.colStride, cp, cRowStride, accumulate)) return;
      simd.sgemm(m, n, k, ap, a.rowStride, a.colStride, bp, b.rowStride, b.colStride, cp, cRowStride, accumulate);
      return;
    }
    gemm(m, n, k, a, b, c, cOffset, cRowStride, accumulate);
  }

  /**
   * Runs the WebAssembly export `exportName` once per part over the worker pool (part i on thread
   * i, part 0 on the calling thread) with the arguments `args(i, workspace)`, where `workspace` is
   * thread i's own GEMM packing workspace; returns when all are done. Returns false (nothing run)
   * without a pool that is up, or with fewer than 2 parts. Allocate every buffer the parts need first:
   * nothing may grow the heap while they run.
   */
  runOnThreads(exportName: string, parts: number, args: (i: number, workspace: number) => number[]): boolean {
    const par = this.parallel;
    if (!par || parts < 2 || parts > par.threads) return false;
    par.pool.run(exportName, Array.from({ length: parts }, (_, i) => args(i, par.workspace(i))));
    return true;
  }

  /** im2col of one image/group (helpers/im2col.ts); in WebAssembly for float32 heap views. */
  im2col(x: FloatArray, xOff: number, g: ConvGeometry, col: FloatArray, colOff: number): void {
    if (this.simd && this.onHeap32(x) && this.onHeap32(col)) this.simd.im2col(x.byteOffset + xOff * 4, g, col.byteOffset + colOff * 4);
    else im2col(x, xOff, g, col, colOff);
  }

  /** dx += col2im(col) for one image/group; in WebAssembly for float32 heap views. */
  col2im(col: FloatArray, colOff: number, g: ConvGeometry, dx: FloatArray, xOff: number): void {
    if (this.simd && this.onHeap32(col) && this.onHeap32(dx)) this.simd.col2im(col.byteOffset + colOff * 4, g, dx.byteOffset + xOff * 4);
    else col2im(col, colOff, g, dx, xOff);
  }

  /**
   * A 2×2, stride-2, unpadded max-pool of float32 planes in WebAssembly; false (nothing done)
   * where it does not apply: other kernels/dtypes, no SIMD, or a window past the edge (ceil mode).
   */
  maxPool2x2(x: FloatArray | TypedArray, planes: number, h: number, w: number, oh: number, ow: number, out: FloatArray | TypedArray): boolean {
    if (!this.simd || !(x instanceof Float32Array) || !(out instanceof Float32Array) || !this.onHeap32(x) || !this.onHeap32(out)) return false;
    if (2 * oh > h || 2 * ow > w) return false;
    this.simd.maxPool2x2(x.byteOffset, planes, h, w, oh, ow, out.byteOffset);
    return true;
  }

  /**
   * The WebAssembly SIMD kernels for arrays that all lie on the heap's current buffer (elementwise,
   * reductions, pooling: see helpers/simd-ops.ts), so that their byte offsets are heap addresses;
   * undefined with the 'scalar' variant, or for a view off the heap or from before a growth.
   * Callers check dtypes and layouts themselves.
   */
  simdOn(...views: readonly ArrayBufferView[]): SimdKernels | undefined {
    const simd = this.simd;
    if (!simd) return undefined;
    const buffer = this.heap.buffer;
    for (const v of views) if (v.buffer !== buffer) return undefined;
    return simd;
  }

  /** A float32 view of the heap's current buffer (a view from before a growth is on an old one). */
  private onHeap32(x: FloatArray): boolean {
    return x instanceof Float32Array && x.buffer === this.heap.buffer;
  }

  alloc(dtype: DType, size: number): DataId {
    if (!(DTYPES as readonly string[]).includes(dtype)) throw new DTypeError(`cpu: unknown dtype '${String(dtype)}'`);
    if (!(Number.isInteger(size) && size >= 0)) throw new ShapeError(`cpu: cannot allocate ${size} elements`);
    const byteLength = size * bytesPerElement(dtype);
    const ptr = this.heap.alloc(byteLength);
    const id = new CpuDataId(this, { ptr, byteLength, dtype, size });
    this.live.add(id);
    this.liveBytes += byteLength;
    if (this.runDepth > 0) this.kernelAllocs.push(id);
    return id;
  }

  write(dataId: DataId, values: TypedArray): void {
    const a = this.allocation(dataId);
    if (values.length !== a.size) throw new ShapeError(`cpu: write of ${values.length} values into a buffer of ${a.size}`);
    const view = this.viewOf(a);
    if (a.dtype === 'bool') {
      // Keep the invariant that bools are 0/1 bytes, whatever array they come from.
      for (let i = 0; i < values.length; i++) view[i] = values[i] !== 0 ? 1 : 0;
    } else {
      view.set(values);
    }
  }

  readSync(dataId: DataId): TypedArray {
    return this.viewOf(this.allocation(dataId)).slice();
  }

  read(dataId: DataId): Promise<TypedArray> {
    try {
      return Promise.resolve(this.readSync(dataId));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  dispose(dataId: DataId): void {
    const a = this.allocation(dataId);
    const id = dataId as CpuDataId;
    id.allocation = undefined;
    id.cachedView = id.cachedBuffer = id.checkedShape = undefined;
    this.live.delete(id);
    this.liveBytes -= a.byteLength;
    this.heap.free(a.ptr, a.byteLength);
  }

  memory(): MemoryInfo {
    return { buffers: this.live.size, bytes: this.liveBytes, reservedBytes: this.heap.stats().reservedBytes };
  }

  hasKernel(name: KernelName): boolean {
    return this.kernels.has(name);
  }

  kernelNames(): KernelName[] {
    return this.kernels.names();
  }

  /** Runs a kernel; if it throws, whatever it had allocated is freed. */
  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): KernelOutput<K> {
    const allocs = this.kernelAllocs;
    const start = allocs.length;
    this.runDepth++;
    try {
      return this.kernels.run(this, kernel, inputs, attrs);
    } catch (err) {
      // This kernel's allocations (its nested runs' too) that are still live; an enclosing
      // kernel's own entries below `start` stay for it to free if it throws in turn.
      for (let i = start; i < allocs.length; i++) if (allocs[i]!.allocation) this.dispose(allocs[i]!);
      while (allocs.length > start) allocs.pop();
      throw err;
    } finally {
      // Entries of a successful nested run stay on the stack, now the enclosing kernel's.
      // (Popping the usual one or two entries is cheaper than setting `length`.)
      if (--this.runDepth === 0) while (allocs.length > 0) allocs.pop();
    }
  }

  /** Frees every buffer and stops the worker threads; ids made before stay invalid. The backend still works, on one thread. */
  destroy(): void {
    this.parallel?.destroy();
    for (const id of this.live) {
      const a = id.allocation!;
      id.allocation = undefined;
      this.heap.free(a.ptr, a.byteLength);
    }
    this.live.clear();
    this.liveBytes = 0;
  }

  /** Where a buffer lives (for kernels that work on raw memory: WebAssembly, workers). */
  allocation(dataId: DataId): Allocation {
    if (dataId instanceof CpuDataId && dataId.owner === this) {
      const a = dataId.allocation;
      if (a) return a;
      throw new BackendError('cpu: buffer used after it was disposed');
    }
    throw new BackendError(`cpu: data id does not belong to this backend (it is from '${dataId.backend}')`);
  }

  /**
   * A typed array over a tensor's storage (the same one again until the heap grows), after
   * checking that the storage matches the tensor's dtype and size. Take views after allocating
   * outputs: an allocation may grow the heap.
   */
  view(info: TensorInfo): TypedArray {
    const a = this.allocation(info.dataId);
    if (a.dtype !== info.dtype) throw new DTypeError(`cpu: tensor says dtype ${info.dtype} but its storage holds ${a.dtype}`);
    const id = info.dataId as CpuDataId;
    if (id.checkedShape !== info.shape) {
      const n = sizeOf(info.shape);
      if (n !== a.size) throw new ShapeError(`cpu: tensor of shape ${fmtShape(info.shape)} (${n} elements) on a buffer of ${a.size}`);
      // Only a frozen array stays the size it was checked at.
      if (Object.isFrozen(info.shape)) id.checkedShape = info.shape;
    }
    // Kernels take several views per run; one per buffer and heap generation is enough (a view
    // is only a window on the heap, and the heap's buffer changes only when it grows).
    const buffer = this.heap.buffer;
    if (id.cachedBuffer !== buffer) {
      id.cachedView = viewAt(a.dtype, buffer, a.ptr, a.size);
      id.cachedBuffer = buffer;
    }
    return id.cachedView!;
  }

  /** Allocates a kernel output. */
  output(shape: readonly number[], dtype: DType): TensorInfo {
    return { dataId: this.alloc(dtype, sizeOf(shape)), shape: [...shape], dtype };
  }

  /** Heap room for a kernel's temporaries. */
  scratch(dtype: DType, size: number): Scratch {
    const byteLength = size * bytesPerElement(dtype);
    const ptr = this.heap.alloc(byteLength);
    const heap = this.heap;
    let freed = false;
    return {
      ptr,
      size,
      view: () => viewAt(dtype, heap.buffer, ptr, size),
      free: () => {
        if (freed) throw new BackendError('cpu: scratch freed twice');
        freed = true;
        heap.free(ptr, byteLength);
      },
    };
  }

  private viewOf(a: Allocation): TypedArray {
    return viewAt(a.dtype, this.heap.buffer, a.ptr, a.size);
  }
}

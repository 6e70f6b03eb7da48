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
import { viewAt } from './helpers/views.js';

/** Where a buffer lives: (pointer, byte length, dtype) inside the heap's memory. */
export interface Allocation {
  readonly ptr: number;
  readonly byteLength: number;
  readonly dtype: DType;
  readonly size: number;
}

/** The opaque handle `alloc` returns; only its backend knows what it points to. */
class CpuDataId implements DataId {
  readonly backend = 'cpu';
}

/** A heap block for a kernel's temporary data (im2col columns…); `free` it when done. */
export interface Scratch {
  readonly ptr: number;
  readonly size: number;
  view(): TypedArray;
  free(): void;
}

export type CpuBackendOptions = HeapOptions;

export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly dtypes: readonly DType[] = DTYPES;
  readonly heap: Heap;
  private readonly kernels = new KernelTable<CpuBackend>('cpu');
  private readonly live = new Map<DataId, Allocation>();
  private readonly disposed = new WeakSet<DataId>();
  private liveBytes = 0;
  /** Buffers allocated by the kernel now running, freed if it throws. */
  private kernelAllocs: DataId[] | undefined;

  constructor(options: CpuBackendOptions = {}) {
    this.heap = new Heap(options);
    registerCpuKernels(this.kernels);
  }

  alloc(dtype: DType, size: number): DataId {
    if (!(DTYPES as readonly string[]).includes(dtype)) throw new DTypeError(`cpu: unknown dtype '${String(dtype)}'`);
    if (!(Number.isInteger(size) && size >= 0)) throw new ShapeError(`cpu: cannot allocate ${size} elements`);
    const byteLength = size * bytesPerElement(dtype);
    const ptr = this.heap.alloc(byteLength);
    const id = new CpuDataId();
    this.live.set(id, { ptr, byteLength, dtype, size });
    this.liveBytes += byteLength;
    this.kernelAllocs?.push(id);
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
    this.live.delete(dataId);
    this.disposed.add(dataId);
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
    const outer = this.kernelAllocs;
    const mine: DataId[] = [];
    this.kernelAllocs = mine;
    try {
      return this.kernels.run(this, kernel, inputs, attrs);
    } catch (err) {
      for (const id of mine) if (this.live.has(id)) this.dispose(id);
      throw err;
    } finally {
      this.kernelAllocs = outer;
      outer?.push(...mine.filter((id) => this.live.has(id)));
    }
  }

  /** Frees every buffer; ids made before stay invalid. */
  destroy(): void {
    for (const [id, a] of this.live) {
      this.heap.free(a.ptr, a.byteLength);
      this.disposed.add(id);
    }
    this.live.clear();
    this.liveBytes = 0;
  }

  /** Where a buffer lives (for kernels that work on raw memory: WebAssembly, workers). */
  allocation(dataId: DataId): Allocation {
    const a = this.live.get(dataId);
    if (a) return a;
    if (this.disposed.has(dataId)) throw new BackendError('cpu: buffer used after it was disposed');
    throw new BackendError(`cpu: data id does not belong to this backend (it is from '${dataId.backend}')`);
  }

  /**
   * A fresh typed array over a tensor's storage, after checking that the storage matches the
   * tensor's dtype and size. Take views after allocating outputs: an allocation may grow the heap.
   */
  view(info: TensorInfo): TypedArray {
    const a = this.allocation(info.dataId);
    if (a.dtype !== info.dtype) throw new DTypeError(`cpu: tensor says dtype ${info.dtype} but its storage holds ${a.dtype}`);
    const n = sizeOf(info.shape);
    if (n !== a.size) throw new ShapeError(`cpu: tensor of shape ${fmtShape(info.shape)} (${n} elements) on a buffer of ${a.size}`);
    return this.viewOf(a);
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

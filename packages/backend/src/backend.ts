import type { DType, TypedArray } from './dtypes.js';
import { BackendError } from './errors.js';
import type { DataId, KernelAttrs, KernelInputs, KernelName, KernelOutput } from './kernels.js';

export interface MemoryInfo {
  /** Live storage buffers. */
  buffers: number;
  /** Bytes held by live buffers. */
  bytes: number;
  /** Bytes reserved from the system (heap size, texture pool…), ≥ bytes. */
  reservedBytes: number;
}

/**
 * What a backend implements. It owns its storage: only it reads or writes behind a `DataId`.
 * Everything may be asynchronous underneath (GPU queues); `read` is the one place that waits.
 */
export interface Backend {
  readonly name: string;
  /** Dtypes this backend stores and computes with. */
  readonly dtypes: readonly DType[];
  /** Allocates room for `size` elements of `dtype` (contents unspecified until written). */
  alloc(dtype: DType, size: number): DataId;
  /** Replaces the whole contents; `values.length` must equal the allocated size. */
  write(dataId: DataId, values: TypedArray): void;
  /** A copy of the contents, once every kernel writing them has finished. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read, where the backend can do it without stalling a pipeline. */
  readSync?(dataId: DataId): TypedArray;
  /** Frees storage; using the id afterwards is an error. Disposing twice is an error. */
  dispose(dataId: DataId): void;
  memory(): MemoryInfo;
  hasKernel(name: KernelName): boolean;
  /** Runs a kernel; throws a `BackendError` naming the kernel and backend if it has none. */
  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): KernelOutput<K>;
  /** Frees everything (tests, context loss). */
  destroy?(): void;
}

export type KernelImpl<B, K extends KernelName> = (backend: B, inputs: KernelInputs<K>, attrs: KernelAttrs<K>) => KernelOutput<K>;

/**
 * A kernel table that backends can embed: `register` kernels from an explicit list, and `run`
 * dispatches with the contract's error for a missing kernel.
 */
export class KernelTable<B> {
  private readonly impls = new Map<KernelName, KernelImpl<B, KernelName>>();

  constructor(private readonly backendName: string) {}

  register<K extends KernelName>(name: K, impl: KernelImpl<B, K>): void {
    this.impls.set(name, impl as unknown as KernelImpl<B, KernelName>);
  }

  has(name: KernelName): boolean {
    return this.impls.has(name);
  }

  names(): KernelName[] {
    return [...this.impls.keys()];
  }

  run<K extends KernelName>(backend: B, name: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): KernelOutput<K> {
    const impl = this.impls.get(name);
    if (!impl) throw new BackendError(`kernel '${name}' is not implemented by backend '${this.backendName}'`);
    return impl(backend, inputs, attrs) as KernelOutput<K>;
  }
}

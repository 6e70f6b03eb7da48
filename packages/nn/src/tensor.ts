import type { DType, TensorInfo, TypedArray } from '@pistil/backend';
import { fmtShape, sizeOf } from '@pistil/backend';
import type { Node } from './autograd/node.js';
import { track, untrack } from './engine.js';
import type { Device } from './engine.js';
import { nextTensorId } from './engine.js';
import { BackendError, UseAfterFreeError } from './errors.js';
import type { Storage } from './storage.js';
import type { StorageCell } from './engine.js';
import { activeTracer } from './trace.js';

/** Nested JS arrays as `toArray()` returns them (booleans for bool tensors). */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An n-dimensional array on a device, with autograd. Create tensors with `tensor`, `zeros`,
 * `randn`…; compute with the ops (also available as methods, `a.add(b).relu()`).
 */
export class Tensor {
  readonly id = nextTensorId();
  readonly size: number;
  /** Not disposed by `tidy` (set by `keep`, and on parameters' gradients). */
  kept = false;
  /** Gradient accumulated by `backward()` for leaves that require grad. */
  grad: Tensor | null = null;
  /** @internal The op that produced this tensor, when recorded for autograd. */
  gradFn: Node | null = null;
  /** @internal Keep `.grad` on this non-leaf too (see `retainGrad`). */
  retainsGrad = false;
  private requires = false;
  private disposed = false;

  /** Shared with the finalizer, so `assign` can swap the storage it will release. */
  private readonly cell: StorageCell;
  /** @internal Registered with the finalizer (the engine does it once the tensor is outside every `tidy` scope). */
  finalizerArmed = false;
  /** `info`, made once per storage (every op on this tensor asks for it). */
  private cachedInfo: TensorInfo | null = null;

  private constructor(storage: Storage, readonly shape: readonly number[]) {
    this.size = sizeOf(shape);
    this.cell = { storage, device: storage.device };
  }

  /** @internal Makes a tensor that takes over one reference to `storage`. */
  static fromStorage(storage: Storage, shape: readonly number[]): Tensor {
    // A frozen shape cannot change under the tensor: it needs no copy.
    const t = new Tensor(storage, Object.isFrozen(shape) ? shape : Object.freeze([...shape]));
    track(t);
    return t;
  }

  /** @internal What the finalizer holds for this tensor. */
  get storageCell(): StorageCell {
    return this.cell;
  }

  /** @internal */
  get storage(): Storage {
    return this.cell.storage;
  }

  /**
   * Replaces this tensor's values with `value`'s (same shape, dtype and device), keeping its
   * identity — how optimizers update parameters. Not recorded by autograd.
   */
  assign(value: Tensor): this {
    this.assertAlive('assign');
    value.assertAlive('assign');
    if (fmtShape(value.shape) !== fmtShape(this.shape) || value.dtype !== this.dtype || value.device !== this.device)
      throw new TypeError(`assign: value ${value.describe()} does not match tensor ${this.describe()}`);
    if (this.gradFn) throw new TypeError('assign: cannot assign to a tensor produced by a recorded op; assign to a leaf or under noGrad');
    value.storage.retain();
    const old = this.cell.storage;
    this.cell.storage = value.storage;
    this.cachedInfo = null;
    old.release();
    return this;
  }

  /** @internal A new tensor over the same storage (reshape, detach): no copy. */
  static view(source: Tensor, shape: readonly number[]): Tensor {
    source.storage.retain();
    const out = Tensor.fromStorage(source.storage, shape);
    const tracer = activeTracer();
    if (tracer !== null) tracer.view(source, out);
    return out;
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get device(): Device {
    return this.storage.device;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal */
  get info(): TensorInfo {
    return (this.cachedInfo ??= Object.freeze({ dataId: this.storage.dataId, shape: this.shape, dtype: this.storage.dtype }));
  }

  /** Whether autograd tracks ops on this tensor. Only float tensors can require grad. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  set requiresGrad(value: boolean) {
    if (value && this.dtype !== 'float32' && this.dtype !== 'float64')
      throw new TypeError(`requiresGrad: only float tensors can require gradients, this one is ${this.dtype}`);
    if (!value && this.gradFn) throw new TypeError('requiresGrad: cannot turn off on a non-leaf tensor; use detach()');
    this.requires = value;
  }

  /** Sets `requiresGrad` and returns the tensor, for chaining: `randn([3]).requiresGrad_()`. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** A leaf has no recorded producer: its `.grad` is filled by `backward()`. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Also keep `.grad` on this non-leaf tensor during `backward()`. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** e.g. `[2, 3] float32 on cpu`. */
  describe(): string {
    return `${fmtShape(this.shape)} ${this.dtype} on ${this.device}`;
  }

  private assertAlive(op: string): void {
    if (this.disposed) throw new UseAfterFreeError(`${op}: tensor #${this.id} ${this.describe()} was disposed`);
  }

  /** A copy of the values, once computed (works on every backend). */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    return this.storage.backend.read(this.storage.dataId);
  }

  /** A copy of the values, synchronously, on backends that allow it. */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    const backend = this.storage.backend;
    if (!backend.readSync) throw new BackendError(`dataSync: backend '${backend.name}' cannot read synchronously; use await tensor.data()`);
    return backend.readSync(this.storage.dataId);
  }

  /** The values as nested arrays (booleans for bool tensors). */
  toArray(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype === 'bool');
  }

  /** Async `toArray`, for backends without synchronous reads. */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype === 'bool');
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new TypeError(`item: tensor ${this.describe()} has ${this.size} elements, not 1`);
    return this.dataSync()[0]!;
  }

  /** Frees this tensor (its storage goes when no other view uses it). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrack(this);
    this.cell.storage.release();
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
    this.gradFn = null;
  }

  toString(): string {
    if (this.disposed) return `Tensor(#${this.id}, disposed)`;
    const body = this.storage.backend.readSync && this.size <= 100 ? JSON.stringify(this.toArray()) : '…';
    return `Tensor(${body}, ${this.describe()}${this.requires ? ', requiresGrad' : ''})`;
  }
}

function nest(values: TypedArray, shape: readonly number[], asBool: boolean): NestedArray {
  const at = (i: number): NestedArray => (asBool ? values[i] !== 0 : values[i]!);
  if (shape.length === 0) return at(0);
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]!;
    const stride = sizeOf(shape.slice(dim + 1));
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = dim === shape.length - 1 ? at(offset + i) : build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

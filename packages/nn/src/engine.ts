/**
 * Process-wide state of `@pistil/nn`: the default device, the memory scopes of `tidy`, live-tensor
 * accounting and the FinalizationRegistry safety net. Ops reach backends only through `runKernel`.
 */
import type { Backend, DType, KernelAttrs, KernelInputs, KernelName, MemoryInfo, TensorInfo, TypedArray } from '@pistil/backend';
import { getBackend, registeredBackends, sizeOf } from '@pistil/backend';
import '@pistil/backend-cpu';
import { DeviceError, UseAfterFreeError } from './errors.js';
import { Storage } from './storage.js';
import { Tensor } from './tensor.js';
import { activeTracer } from './trace.js';

export type Device = string;

interface DeviceStats {
  tensors: number;
  bytes: number;
}

const state = {
  defaultDevice: 'cpu' as Device,
  scopes: [] as Set<Tensor>[],
  liveTensors: 0,
  liveBytes: new Map<Device, DeviceStats>(),
  nextId: 0,
};

/** The last device asked about: every tensor made or freed asks four times, nearly always for one device. */
let lastStats: { device: Device; stats: DeviceStats } | undefined;

function statsOf(device: Device): DeviceStats {
  if (lastStats?.device === device) return lastStats.stats;
  let s = state.liveBytes.get(device);
  if (!s) state.liveBytes.set(device, (s = { tensors: 0, bytes: 0 }));
  lastStats = { device, stats: s };
  return s;
}

/** Tensors dropped without `dispose()` release their storage when garbage-collected. */
export interface StorageCell {
  storage: Storage;
  readonly device: Device;
}

const finalizer = new FinalizationRegistry<StorageCell>((held) => {
  state.liveTensors--;
  statsOf(held.device).tensors--;
  try {
    held.storage.release();
  } catch {
    // The backend was destroyed (removed, context lost) and took the buffer with it. A throw here
    // would be an uncaught exception outside any user code, so there is nothing to report to.
  }
});

export function setDefaultDevice(device: Device): void {
  backendFor(device); // fail now, with the reason, rather than at the first op
  state.defaultDevice = device;
}

export function getDefaultDevice(): Device {
  return state.defaultDevice;
}

export function backendFor(device: Device): Backend {
  try {
    return getBackend(device);
  } catch (err) {
    if (err instanceof Error && !(err instanceof DeviceError)) throw new DeviceError(`device '${device}': ${err.message}`);
    throw err;
  }
}

export function nextTensorId(): number {
  return state.nextId++;
}

function freeStorage(s: Storage): void {
  statsOf(s.device).bytes -= s.bytes;
}

function newStorage(device: Device, dataId: TensorInfo['dataId'], dtype: DType, size: number, backend = backendFor(device)): Storage {
  const s = new Storage(backend, device, dataId, dtype, size, freeStorage);
  statsOf(device).bytes += s.bytes;
  return s;
}

/**
 * Registers a new tensor: counts it, and puts it in the innermost `tidy` scope or, outside every
 * scope, arms the finalizer. A scope holds its tensors strongly until it ends, then disposes them
 * or hands them on (see `tidy`), so the finalizer is armed only for those that outlive every
 * scope: registering and unregistering each temporary of an op costs ~0.4 µs.
 */
export function track(t: Tensor): void {
  state.liveTensors++;
  statsOf(t.device).tensors++;
  const scope = state.scopes[state.scopes.length - 1];
  if (scope) scope.add(t);
  else armFinalizer(t);
}

function armFinalizer(t: Tensor): void {
  if (t.finalizerArmed) return;
  t.finalizerArmed = true;
  finalizer.register(t, t.storageCell, t);
}

/** Reverses `track` when a tensor is disposed explicitly. */
export function untrack(t: Tensor): void {
  state.liveTensors--;
  statsOf(t.device).tensors--;
  if (t.finalizerArmed) finalizer.unregister(t);
}

/** Wraps a kernel's output, made on `device`, as a tensor owning it. */
function fromInfo(device: Device, backend: Backend, info: TensorInfo): Tensor {
  return Tensor.fromStorage(newStorage(device, info.dataId, info.dtype, sizeOf(info.shape), backend), info.shape);
}

/** Uploads host data to a device as a new tensor. */
export function upload(values: TypedArray, shape: readonly number[], dtype: DType, device: Device): Tensor {
  const backend = backendFor(device);
  const id = backend.alloc(dtype, values.length);
  backend.write(id, values);
  return Tensor.fromStorage(newStorage(device, id, dtype, values.length), shape);
}

/** Throws, naming `op`, if any input was disposed. */
export function checkAlive(op: string, ...tensors: unknown[]): void {
  for (const t of tensors) {
    if (t instanceof Tensor && t.isDisposed) throw new UseAfterFreeError(`${op}: input tensor #${t.id} ${t.describe()} was disposed`);
  }
}

function infoOf(op: string, t: Tensor): TensorInfo {
  checkAlive(op, t);
  return t.info;
}

/** The device all inputs share; tensors on different devices are an error naming both. */
export function commonDevice(op: string, tensors: readonly Tensor[]): Device {
  const device = tensors[0]?.device ?? state.defaultDevice;
  for (const t of tensors) {
    if (t.device !== device) throw new DeviceError(`${op}: tensors on different devices ('${device}' and '${t.device}'); move one with .to('${device}')`);
  }
  return device;
}

type TensorInputs<K extends KernelName> = { [P in keyof KernelInputs<K>]: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly Tensor[] : Tensor };

/** Runs kernel `name` on the device of its inputs (or `device` for kernels without inputs). */
export function runKernel<K extends KernelName>(name: K, inputs: TensorInputs<K>, attrs: KernelAttrs<K>, device?: Device): Tensor {
  // The hot path of every op: one pass over the inputs, no intermediate arrays. Checks and their
  // order are commonDevice's: every input alive first, then one device.
  const infos: Record<string, TensorInfo | TensorInfo[]> = {};
  let target: Device | undefined;
  let mixed = false;
  const byKey = inputs as Record<string, Tensor | readonly Tensor[]>;
  for (const key in byKey) {
    const value = byKey[key]!;
    if (Array.isArray(value)) {
      const list: TensorInfo[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        const t = value[i] as Tensor;
        list[i] = infoOf(name, t);
        target ??= t.device;
        if (t.device !== target) mixed = true;
      }
      infos[key] = list;
    } else {
      const t = value as Tensor;
      infos[key] = infoOf(name, t);
      target ??= t.device;
      if (t.device !== target) mixed = true;
    }
  }
  if (mixed) commonDevice(name, Object.values(byKey).flat()); // throws, naming both devices
  target ??= device ?? state.defaultDevice;
  const backend = backendFor(target);
  const out = fromInfo(target, backend, backend.run(name, infos as unknown as KernelInputs<K>, attrs) as TensorInfo);
  const tracer = activeTracer();
  if (tracer !== null) tracer.kernel(name, inputs as Record<string, Tensor | readonly Tensor[]>, attrs, out);
  return out;
}

// ---- memory scopes -------------------------------------------------------------------------

export type TensorContainer = Tensor | number | string | boolean | null | undefined | void | TensorContainer[] | { [key: string]: TensorContainer };

function collect(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) collect(v, into);
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (in an array or plain
 * object too) and those marked with `keep`. Synchronous only: memory scopes cannot span `await`.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  state.scopes.push(scope);
  let result: T | undefined;
  try {
    result = fn();
    if (result instanceof Promise) throw new TypeError('tidy: the function returned a Promise; tidy is synchronous — dispose tensors explicitly in async code');
  } finally {
    state.scopes.pop();
    const survivors = new Set<Tensor>();
    collect(result, survivors);
    for (const t of scope) if (!survivors.has(t) && !t.kept) t.dispose();
    const parent = state.scopes[state.scopes.length - 1];
    if (parent) for (const t of survivors) if (!t.kept && scope.has(t)) parent.add(t);
    // What lives on outside every scope (kept, or returned from the outermost tidy) gets the safety net now.
    for (const t of scope) if (!t.isDisposed && !(parent && !t.kept && survivors.has(t))) armFinalizer(t);
  }
  return result;
}

/** Exempts a tensor from every enclosing and future `tidy`; it lives until `dispose()`. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Disposes every tensor in a container (arrays and plain objects are walked). */
export function dispose(container: TensorContainer): void {
  const all = new Set<Tensor>();
  collect(container, all);
  for (const t of all) t.dispose();
}

export interface MemoryReport {
  /** Live (undisposed) tensors across devices. */
  tensors: number;
  /** Bytes of live storage across devices (a buffer shared by views counts once). */
  bytes: number;
  devices: Record<Device, DeviceStats & { backend: MemoryInfo }>;
}

export function memory(): MemoryReport {
  const devices: MemoryReport['devices'] = {};
  let bytes = 0;
  for (const [device, s] of state.liveBytes) {
    const registered = registeredBackends().some((b) => b.name === device);
    // A device whose backend was removed since keeps its counts; its backend has nothing to report.
    const backend = registered ? backendFor(device).memory() : { buffers: 0, bytes: 0, reservedBytes: 0 };
    devices[device] = { ...s, backend };
    bytes += s.bytes;
  }
  return { tensors: state.liveTensors, bytes, devices };
}

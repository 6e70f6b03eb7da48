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

function statsOf(device: Device): DeviceStats {
  let s = state.liveBytes.get(device);
  if (!s) state.liveBytes.set(device, (s = { tensors: 0, bytes: 0 }));
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

function newStorage(device: Device, dataId: TensorInfo['dataId'], dtype: DType, size: number): Storage {
  const s = new Storage(backendFor(device), device, dataId, dtype, size, freeStorage);
  statsOf(device).bytes += s.bytes;
  return s;
}

/** Registers a new tensor: counts it, puts it in the innermost `tidy` scope, arms the finalizer. */
export function track(t: Tensor, cell: StorageCell): void {
  state.liveTensors++;
  statsOf(cell.device).tensors++;
  finalizer.register(t, cell, t);
  state.scopes[state.scopes.length - 1]?.add(t);
}

/** Reverses `track` when a tensor is disposed explicitly. */
export function untrack(t: Tensor): void {
  state.liveTensors--;
  statsOf(t.device).tensors--;
  finalizer.unregister(t);
}

/** Wraps a kernel's output, made on `device`, as a tensor owning it. */
function fromInfo(device: Device, info: TensorInfo): Tensor {
  return Tensor.fromStorage(newStorage(device, info.dataId, info.dtype, sizeOf(info.shape)), info.shape);
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
  const all: Tensor[] = [];
  const infos: Record<string, TensorInfo | TensorInfo[]> = {};
  for (const [key, value] of Object.entries(inputs as Record<string, Tensor | readonly Tensor[]>)) {
    if (Array.isArray(value)) {
      infos[key] = value.map((t: Tensor) => infoOf(name, t));
      all.push(...value);
    } else {
      infos[key] = infoOf(name, value as Tensor);
      all.push(value as Tensor);
    }
  }
  const target = all.length > 0 ? commonDevice(name, all) : (device ?? state.defaultDevice);
  const out = fromInfo(target, backendFor(target).run(name, infos as unknown as KernelInputs<K>, attrs) as TensorInfo);
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

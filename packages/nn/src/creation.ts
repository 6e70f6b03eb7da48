import type { DType, TypedArray } from '@pistil/backend';
import { ARRAY_TYPES, ShapeError, fmtShape, isDType, sizeOf } from '@pistil/backend';
import { getDefaultDevice, runKernel, upload } from './engine.js';
import type { Device } from './engine.js';
import { cast } from './ops/cast.js';
import { Generator, defaultGenerator } from './random.js';
import type { NestedArray } from './tensor.js';
import { Tensor } from './tensor.js';

export interface CreateOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function finish(t: Tensor, options: CreateOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ShapeError(`${op}: shape must be non-negative integers, got ${JSON.stringify(shape)}`);
}

function checkDType(op: string, dtype: DType): void {
  if (!isDType(dtype)) throw new TypeError(`${op}: unknown dtype '${String(dtype)}'`);
}

function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'uint8';
  return 'float32';
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0] as NestedArray;
  }
  return shape;
}

function flatten(values: NestedArray, shape: number[], out: number[], depth = 0, path = ''): void {
  if (depth === shape.length) {
    if (Array.isArray(values)) throw new ShapeError(`tensor: ragged nested array at ${path || 'top'}: expected a number, got an array`);
    if (typeof values !== 'number' && typeof values !== 'boolean') throw new TypeError(`tensor: element at ${path} is ${typeof values}, expected a number or boolean`);
    out.push(Number(values));
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth])
    throw new ShapeError(`tensor: ragged nested array at ${path || 'top'}: expected ${shape[depth]} elements, got ${Array.isArray(values) ? values.length : 'a number'}`);
  values.forEach((v, i) => flatten(v, shape, out, depth + 1, `${path}[${i}]`));
}

/**
 * A tensor from nested arrays, a number, or a typed array (then `shape` is needed unless 1-D).
 * Numbers give float32 unless `dtype` says otherwise; booleans give bool; typed arrays keep theirs.
 */
export function tensor(values: NestedArray | TypedArray, options: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  let flat: TypedArray;
  let shape: readonly number[];
  let dtype: DType;
  if (ArrayBuffer.isView(values)) {
    shape = options.shape ?? [values.length];
    dtype = options.dtype ?? dtypeOfArray(values);
    if (sizeOf(shape) !== values.length) throw new ShapeError(`tensor: ${values.length} values cannot have shape ${fmtShape(shape)}`);
    flat = values instanceof ARRAY_TYPES[dtype] ? values.slice() : ARRAY_TYPES[dtype].from(values as ArrayLike<number>);
  } else {
    const inferred = inferShape(values);
    const out: number[] = [];
    flatten(values, inferred, out);
    const first: unknown = inferred.length === 0 ? values : out.length > 0 ? (values as unknown[]).flat(Infinity)[0] : 0;
    dtype = options.dtype ?? (typeof first === 'boolean' ? 'bool' : 'float32');
    shape = options.shape ?? inferred;
    if (sizeOf(shape) !== out.length) throw new ShapeError(`tensor: ${out.length} values cannot have shape ${fmtShape(shape)}`);
    flat = ARRAY_TYPES[dtype].from(out);
  }
  checkShape('tensor', shape);
  checkDType('tensor', dtype);
  return finish(upload(flat, shape, dtype, options.device ?? getDefaultDevice()), options);
}

/** A 0-d tensor. */
export function scalar(value: number, options: CreateOptions = {}): Tensor {
  return tensor(value, options);
}

export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  checkShape('full', shape);
  const dtype = options.dtype ?? 'float32';
  checkDType('full', dtype);
  return finish(runKernel('fill', {}, { shape, dtype, value }, options.device ?? getDefaultDevice()), options);
}

export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

function likeOptions(x: Tensor, options: CreateOptions): CreateOptions {
  return { dtype: x.dtype, device: x.device, ...options };
}

export function fullLike(x: Tensor, value: number, options: CreateOptions = {}): Tensor {
  return full(x.shape, value, likeOptions(x, options));
}

export function zerosLike(x: Tensor, options: CreateOptions = {}): Tensor {
  return full(x.shape, 0, likeOptions(x, options));
}

export function onesLike(x: Tensor, options: CreateOptions = {}): Tensor {
  return full(x.shape, 1, likeOptions(x, options));
}

/**
 * Values from `start` to `end` (exclusive) by `step`; `arange(n)` is 0…n−1.
 * Integer arguments give int32, others float32, unless `dtype` is given.
 */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError(`arange: invalid range ${start}..${end} step ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  const values = new ARRAY_TYPES[dtype](n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return finish(upload(values, [n], dtype, options.device ?? getDefaultDevice()), options);
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = options.dtype ?? 'float32';
  const values = new ARRAY_TYPES[dtype](steps);
  for (let i = 0; i < steps; i++) values[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return finish(upload(values, [steps], dtype, options.device ?? getDefaultDevice()), options);
}

/** An n×m identity matrix (m defaults to n). */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const dtype = options.dtype ?? 'float32';
  const values = new ARRAY_TYPES[dtype](n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(upload(values, [n, m], dtype, options.device ?? getDefaultDevice()), options);
}

function randomTensor(op: string, shape: readonly number[], distribution: 'uniform' | 'normal', a: number, b: number, options: RandomOptions): Tensor {
  checkShape(op, shape);
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new TypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const seed = (options.generator ?? defaultGenerator).nextKey();
  return finish(runKernel('random', {}, { shape, dtype, distribution, a, b, seed }, options.device ?? getDefaultDevice()), options);
}

/** Uniform on [0, 1). */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return randomTensor('rand', shape, 'uniform', 0, 1, options);
}

/** Uniform on [low, high). */
export function uniform(shape: readonly number[], low: number, high: number, options: RandomOptions = {}): Tensor {
  return randomTensor('uniform', shape, 'uniform', low, high, options);
}

/** Standard normal. */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  return randomTensor('randn', shape, 'normal', 0, 1, options);
}

/** Normal with the given mean and standard deviation. */
export function normal(shape: readonly number[], mean: number, std: number, options: RandomOptions = {}): Tensor {
  return randomTensor('normal', shape, 'normal', mean, std, options);
}

/** Integers uniform in [low, high), int32 by default. */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new RangeError(`randint: need integers low < high, got ${low}, ${high}`);
  const u = randomTensor('randint', shape, 'uniform', low, high, { ...options, dtype: 'float64', requiresGrad: false });
  // float64 keeps floor(u) < high exact for every int32 range.
  const floored = runKernel('unary', { x: u }, { op: 'floor' });
  u.dispose();
  const out = cast(floored, options.dtype ?? 'int32');
  floored.dispose();
  return out;
}

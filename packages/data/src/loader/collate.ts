import { ShapeError, Tensor, getDefaultDevice, noGrad, stack, tensor, tidy } from '@pistil/nn';
import type { DType, Device } from '@pistil/nn';
import { isHostImage } from '../image.js';
import type { HostImage } from '../image.js';

/** What the DataLoader tells a collate function. */
export interface CollateContext {
  /** The device batches go to (the loader's `device`, else nn's default device). */
  readonly device: Device;
}

/** Turns the samples of one batch into the batch. */
export type Collate<T, B> = (samples: T[], context: CollateContext) => B;

/** The batch `defaultCollate` makes from samples of type `T`. */
export type Collated<T> = T extends Tensor | number | HostImage | ArrayBufferView
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * The default collate, by what each sample (or each position of a tuple, key of an object) holds:
 * - `HostImage` (`{ data, shape: [C, H, W] }`) → float32 Tensor [N, C, H, W], one upload per
 *   batch; uint8 values are converted, not scaled (use the `ToFloat` transform for [0, 1]);
 * - number → Tensor [N]: int32 when every value of the batch is an integer (labels), else float32;
 * - typed array of length L → Tensor [N, L] of its dtype (Float32Array → float32, Int32Array →
 *   int32, Uint8Array → uint8, Float64Array → float64);
 * - Tensor → the samples stacked on a new first dim; sample tensors that are not `kept` are
 *   disposed, as the batch replaces them;
 * - string → the list of strings; array/tuple → collated position by position (so `[x, y]`
 *   samples give `[X, Y]`, as PyTorch); plain object → collated key by key.
 * Samples whose shapes differ are a ShapeError naming the sample's position in the batch.
 */
export function defaultCollate<T>(samples: readonly T[], context: Partial<CollateContext> = {}): Collated<T> {
  if (samples.length === 0) throw new TypeError('collate: the batch has no samples');
  return collateAt(samples, context.device ?? getDefaultDevice(), '') as Collated<T>;
}

function collateAt(samples: readonly unknown[], device: Device, path: string): unknown {
  const first = samples[0];
  const kindOf = (v: unknown): string => (v instanceof Tensor ? 'Tensor' : isHostImage(v) ? 'image' : Array.isArray(v) ? 'array' : isTypedArray(v) ? v.constructor.name : typeof v);
  const kind = kindOf(first);
  samples.forEach((s, k) => {
    if (kindOf(s) !== kind) throw new TypeError(`collate: ${where(path, k)} is ${kindOf(s)} but ${where(path, 0)} is ${kind}`);
  });
  if (first instanceof Tensor) return stackTensors(samples as Tensor[], device, path);
  if (isHostImage(first)) return stackImages(samples as HostImage[], device, path);
  if (typeof first === 'number') return numbersTensor(samples as number[], device);
  if (typeof first === 'string') return [...(samples as string[])];
  if (isTypedArray(first)) return stackTypedArrays(samples as ArrayLike<number>[], device, path);
  if (Array.isArray(first)) {
    const n = first.length;
    samples.forEach((s, k) => {
      if ((s as unknown[]).length !== n) throw new ShapeError(`collate: ${where(path, k)} has ${(s as unknown[]).length} elements but ${where(path, 0)} has ${n}`);
    });
    return Array.from({ length: n }, (_, i) => collateAt(samples.map((s) => (s as unknown[])[i]), device, `${path}[${i}]`));
  }
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) out[key] = collateAt(samples.map((s) => (s as Record<string, unknown>)[key]), device, `${path}.${key}`);
    return out;
  }
  throw new TypeError(`collate: cannot batch ${path ? `${path} of the samples` : 'samples'} of type ${kind}; pass a custom collate to the DataLoader`);
}

function isTypedArray(v: unknown): v is ArrayBufferView & ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
}

/** Names an element of a sample: `sample 3`, or `[0] of sample 3` inside a tuple. */
function where(path: string, k: number): string {
  return path ? `${path} of sample ${k}` : `sample ${k}`;
}

function shapeMismatch(path: string, k: number, got: readonly number[], want: readonly number[]): ShapeError {
  return new ShapeError(`collate: ${where(path, k)} in the batch has shape [${got.join(', ')}] but ${where(path, 0)} has [${want.join(', ')}]; resize or crop to one size, or pass a custom collate`);
}

function stackImages(images: readonly HostImage[], device: Device, path: string): Tensor {
  const shape = images[0]!.shape;
  const size = shape[0] * shape[1] * shape[2];
  const values = new Float32Array(images.length * size);
  images.forEach((img, k) => {
    if (img.shape[0] !== shape[0] || img.shape[1] !== shape[1] || img.shape[2] !== shape[2]) throw shapeMismatch(path, k, img.shape, shape);
    values.set(img.data, k * size);
  });
  return tensor(values, { shape: [images.length, ...shape], device });
}

function numbersTensor(values: readonly number[], device: Device): Tensor {
  const integers = values.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31);
  return tensor(integers ? Int32Array.from(values) : Float32Array.from(values), { device });
}

type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const TYPED: [new (length: number) => NumericArray, DType][] = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int32Array, 'int32'],
  [Uint8Array, 'uint8'],
];

function stackTypedArrays(arrays: readonly ArrayLike<number>[], device: Device, path: string): Tensor {
  const n = arrays[0]!.length;
  const [Type, dtype] = TYPED.find(([type]) => arrays[0] instanceof type) ?? TYPED[0]!;
  const values = new Type(arrays.length * n);
  arrays.forEach((a, k) => {
    if (a.length !== n) throw shapeMismatch(path, k, [a.length], [n]);
    values.set(a, k * n);
  });
  return tensor(values, { dtype, device, shape: [arrays.length, n] });
}

function stackTensors(samples: readonly Tensor[], device: Device, path: string): Tensor {
  const shape = samples[0]!.shape;
  samples.forEach((t, k) => {
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) throw shapeMismatch(path, k, t.shape, shape);
  });
  const batch = noGrad(() => tidy(() => {
    const stacked = stack(samples);
    return stacked.device === device ? stacked : stacked.to(device);
  }));
  for (const t of samples) if (!t.kept) t.dispose();
  return batch;
}

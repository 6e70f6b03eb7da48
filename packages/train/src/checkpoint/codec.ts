import { FormatError, Tensor } from '@pistil/nn';

/** Plain JSON. */
export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/**
 * State dicts (optimizer moments, scheduler counters, a data loader's generator) mix tensors
 * with plain values. `encodeState` splits them: tensors go to a flat record under path-like
 * keys (for safetensors), and the rest becomes JSON with `{ "$tensor": key }` in their place.
 * Non-finite numbers, which JSON cannot hold, become `{ "$number": "Infinity" }`.
 */
export function encodeState(value: unknown, path: string, tensors: Record<string, Tensor>): Json {
  if (value instanceof Tensor) {
    if (value.isDisposed) throw new TypeError(`checkpoint: the tensor at '${path}' was disposed`);
    tensors[path] = value;
    return { $tensor: path };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((v, i) => encodeState(v === undefined ? null : v, child(path, String(i)), tensors));
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v, child(path, k), tensors);
    return out;
  }
  const kind = value === undefined ? 'undefined' : typeof value === 'object' ? `a ${value.constructor?.name ?? 'non-plain'} object` : `a ${typeof value}`;
  throw new TypeError(`checkpoint: cannot save ${kind} at '${path}'; state dicts may hold numbers, strings, booleans, null, arrays, plain objects and tensors`);
}

/** Reverses `encodeState`, taking tensors from `tensors`; `file` names the source in errors. */
export function decodeState(value: Json, tensors: Record<string, Tensor>, file: string): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeState(v, tensors, file));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$tensor') {
    const key = value.$tensor;
    const t = typeof key === 'string' ? tensors[key] : undefined;
    if (!t) throw new FormatError(`${file}: refers to tensor '${String(key)}', which its tensors file does not hold`);
    return t;
  }
  if (keys.length === 1 && keys[0] === '$number') return Number(value.$number);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decodeState(value[k]!, tensors, file);
  return out;
}

const child = (path: string, key: string): string => (path ? `${path}/${key}` : key);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

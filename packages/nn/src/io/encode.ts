import { bytesPerElement } from '@pistil/backend';
import { Tensor } from '../tensor.js';
import { toLittleEndian } from './bytes.js';
import { METADATA_KEY, WRITE_CODES } from './format.js';

/** What will be written: the length prefix and header, then each tensor's bytes in order. */
export interface SafetensorsPlan {
  /** The 8-byte length prefix followed by the space-padded JSON header. */
  head: Uint8Array;
  tensors: Tensor[];
  /** Size of the whole file. */
  totalBytes: number;
}

function checkMetadata(metadata: Record<string, string>): void {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError('safetensors: metadata must be an object of strings');
  for (const [k, v] of Object.entries(metadata))
    if (typeof v !== 'string') throw new TypeError(`safetensors: metadata value '${k}' must be a string, got ${typeof v}`);
}

/** Checks names and tensors and lays out the header; reads no tensor data. */
export function planSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): SafetensorsPlan {
  if (tensors === null || typeof tensors !== 'object') throw new TypeError(`safetensors: expected an object of named tensors, got ${String(tensors)}`);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    checkMetadata(metadata);
    header[METADATA_KEY] = metadata;
  }
  const list: Tensor[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '' || name === METADATA_KEY) throw new TypeError(`safetensors: '${name}' cannot be a tensor name`);
    if (!(t instanceof Tensor)) throw new TypeError(`safetensors: '${name}' is not a Tensor`);
    if (t.isDisposed) throw new TypeError(`safetensors: tensor '${name}' was disposed`);
    const bytes = t.size * bytesPerElement(t.dtype);
    header[name] = { dtype: WRITE_CODES[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    list.push(t);
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8, so the data starts aligned (as the reference writer).
  const headerLength = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(8 + headerLength).fill(0x20, 8);
  new DataView(head.buffer).setBigUint64(0, BigInt(headerLength), true);
  head.set(json, 8);
  return { head, tensors: list, totalBytes: head.length + offset };
}

/** The little-endian bytes of one tensor's values, read synchronously. */
export function tensorBytesSync(t: Tensor): Uint8Array {
  return toLittleEndian(t.dataSync());
}

/**
 * A safetensors file in memory (works in the browser): `tensors` by name, optional string
 * `metadata`. Reads values synchronously, so the tensors' backend must allow `dataSync`.
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const plan = planSafetensors(tensors, metadata);
  const out = new Uint8Array(plan.totalBytes);
  out.set(plan.head, 0);
  let offset = plan.head.length;
  for (const t of plan.tensors) {
    const bytes = tensorBytesSync(t);
    out.set(bytes, offset);
    offset += bytes.length;
  }
  return out;
}

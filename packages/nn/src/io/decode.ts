import type { DType, TypedArray } from '@pistil/backend';
import { FormatError, fmtShape } from '@pistil/backend';
import { getDefaultDevice, upload } from '../engine.js';
import type { Device } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { fromLittleEndian, narrowInt64, widen16 } from './bytes.js';
import { MAX_HEADER_BYTES, METADATA_KEY, READ_CODES } from './format.js';

export interface DecodeOptions {
  /** Where the tensors are made (default: the default device). */
  device?: Device;
}

export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/** One tensor of a checked header; offsets are relative to the start of the data. */
export interface HeaderEntry {
  name: string;
  code: string;
  shape: number[];
  begin: number;
  end: number;
}

export interface ParsedHeader {
  entries: HeaderEntry[];
  metadata: Record<string, string>;
}

const fail = (source: string, problem: string): FormatError => new FormatError(`${source}: ${problem}`);

/** Reads and checks the 8-byte header length against the limit and the file size. */
export function parseHeaderLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8 || prefix.length < 8) throw fail(source, `file is ${fileSize} bytes, too short for the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw fail(source, `header length ${n} (bytes 0-7) exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  if (n < 2n) throw fail(source, `header length ${n} (bytes 0-7) is too short for a JSON object`);
  if (8n + n > BigInt(fileSize)) throw fail(source, `header length ${n} (bytes 0-7) runs past the end of the file (${fileSize} bytes): truncated or not a safetensors file`);
  return Number(n);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function parseMetadata(value: unknown, source: string): Record<string, string> {
  if (!isObject(value)) throw fail(source, `${METADATA_KEY} must be an object of strings`);
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') throw fail(source, `${METADATA_KEY} value '${k}' is ${typeof v}, not a string`);
  return value as Record<string, string>;
}

function parseEntry(name: string, value: unknown, dataLength: number, source: string): HeaderEntry {
  const where = `tensor '${name}'`;
  if (!isObject(value)) throw fail(source, `${where}: entry must be an object with dtype, shape and data_offsets`);
  for (const key of Object.keys(value))
    if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') throw fail(source, `${where}: unknown field '${key}'`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string' || !(dtype in READ_CODES)) throw fail(source, `${where}: unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(READ_CODES).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw fail(source, `${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1])
    throw fail(source, `${where}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${JSON.stringify(offsets)}`);
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) throw fail(source, `${where}: data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes): truncated file?`);
  // A product past 2^53 cannot equal a span that fits in the file, so float arithmetic is exact enough.
  const bytes = (shape as number[]).reduce((p, d) => p * d, 1) * READ_CODES[dtype]!.itemsize;
  if (bytes !== end - begin) throw fail(source, `${where}: shape ${fmtShape(shape as number[])} of ${dtype} needs ${bytes} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}`);
  return { name, code: dtype, shape: shape as number[], begin, end };
}

/** Checks that the entries tile the data exactly: from 0, no overlap, no gap, nothing after. */
function checkLayout(entries: readonly HeaderEntry[], dataLength: number, source: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: HeaderEntry | null = null;
  for (const e of sorted) {
    if (e.begin < expected) throw fail(source, `tensor '${e.name}' (data_offsets [${e.begin}, ${e.end}]) overlaps tensor '${previous!.name}' (ending at ${expected})`);
    if (e.begin > expected) throw fail(source, `data bytes [${expected}, ${e.begin}) belong to no tensor (a gap before tensor '${e.name}')`);
    expected = e.end;
    previous = e;
  }
  if (expected !== dataLength) throw fail(source, `${dataLength - expected} bytes of trailing data after the last tensor (data offset ${expected})`);
}

/** Parses and checks a header (the N bytes after the length) for a data section of `dataLength` bytes. */
export function parseHeader(headerBytes: Uint8Array, dataLength: number, source: string): ParsedHeader {
  if (headerBytes[0] !== 0x7b) throw fail(source, `header must start with '{' (byte 8), got byte 0x${(headerBytes[0] ?? 0).toString(16)}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw fail(source, 'header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(source, `header is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(json)) throw fail(source, 'header must be a JSON object');
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, source);
    else entries.push(parseEntry(name, value, dataLength, source));
  }
  checkLayout(entries, dataLength, source);
  return { entries, metadata };
}

function valuesOf(e: HeaderEntry, bytes: Uint8Array, source: string): TypedArray {
  switch (e.code) {
    case 'F32': return fromLittleEndian(bytes, Float32Array);
    case 'F64': return fromLittleEndian(bytes, Float64Array);
    case 'I32': return fromLittleEndian(bytes, Int32Array);
    case 'U8': return bytes.slice();
    case 'BOOL': {
      const bad = bytes.findIndex((b) => b > 1);
      if (bad >= 0) throw fail(source, `tensor '${e.name}': BOOL byte ${bytes[bad]} at element ${bad} is neither 0 nor 1`);
      return bytes.slice();
    }
    case 'F16':
    case 'BF16':
      return widen16(bytes, e.code);
    default: {
      const { values, badIndex, badValue } = narrowInt64(bytes);
      if (badIndex >= 0) throw fail(source, `tensor '${e.name}': I64 value ${badValue} at element ${badIndex} does not fit int32`);
      return values;
    }
  }
}

/** Makes the tensors of a checked header from its data section (`data[0]` is data offset 0). */
export function materialize(header: ParsedHeader, data: Uint8Array, source: string, options: DecodeOptions = {}): Record<string, Tensor> {
  const device = options.device ?? getDefaultDevice();
  // Convert everything first, so a bad value leaves no tensor allocated.
  const converted = header.entries.map((e) => valuesOf(e, data.subarray(e.begin, e.end), source));
  const tensors: Record<string, Tensor> = {};
  header.entries.forEach((e, i) => (tensors[e.name] = upload(converted[i]!, e.shape, READ_CODES[e.code]!.dtype as DType, device)));
  return tensors;
}

/**
 * Reads a safetensors file held in memory (works in the browser). Every size and offset is
 * checked before anything is allocated; a problem throws a `FormatError` naming `source` (a file
 * name) and the offset or key at fault.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data', options: DecodeOptions = {}): SafetensorsContents {
  const n = parseHeaderLength(bytes, bytes.length, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source);
  return { tensors: materialize(header, bytes.subarray(8 + n), source, options), metadata: header.metadata };
}

import { readFile, stat } from 'node:fs/promises';
import { FormatError } from '@pistil/nn';
import { withCause } from '../errors.js';
import { maybeGunzip } from './gunzip.js';

export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX file's contents: values in row-major order (native byte order) and their shape. */
export interface IdxArray {
  readonly dtype: IdxDType;
  readonly shape: readonly number[];
  readonly data: IdxValues;
}

export interface ReadIdxOptions {
  /** How errors name the source when it is bytes (default 'IDX data'). */
  name?: string;
  /** Largest file or uncompressed size accepted, in bytes (default 2 GiB − 1). */
  maxBytes?: number;
}

interface IdxType {
  dtype: IdxDType;
  bytes: number;
  read: (view: DataView, offset: number) => number;
  make: (length: number) => IdxValues;
}

/** The IDX type codes (third magic byte); multi-byte values are stored big-endian. */
const TYPES = new Map<number, IdxType>([
  [0x08, { dtype: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) }],
  [0x09, { dtype: 'int8', bytes: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) }],
  [0x0b, { dtype: 'int16', bytes: 2, read: (v, o) => v.getInt16(o, false), make: (n) => new Int16Array(n) }],
  [0x0c, { dtype: 'int32', bytes: 4, read: (v, o) => v.getInt32(o, false), make: (n) => new Int32Array(n) }],
  [0x0d, { dtype: 'float32', bytes: 4, read: (v, o) => v.getFloat32(o, false), make: (n) => new Float32Array(n) }],
  [0x0e, { dtype: 'float64', bytes: 8, read: (v, o) => v.getFloat64(o, false), make: (n) => new Float64Array(n) }],
]);

const hex = (b: number): string => b.toString(16).padStart(2, '0');

/**
 * Reads an IDX file (the format of MNIST): from a path or from bytes, plain or gzip (recognised
 * by its magic bytes, not its name). Every size is checked against the bytes actually there
 * before anything is allocated; a bad file is a FormatError naming it, the offset and what was
 * expected and found.
 */
export async function readIdx(source: string | Uint8Array, options: ReadIdxOptions = {}): Promise<IdxArray> {
  const maxBytes = options.maxBytes ?? 2 ** 31 - 1;
  const name = typeof source === 'string' ? source : (options.name ?? 'IDX data');
  const raw = typeof source === 'string' ? await readBounded(source, maxBytes) : source;
  return parseIdx(await maybeGunzip(raw, name, maxBytes), name);
}

/** A file's bytes, refusing files over `maxBytes`; a missing file is a FormatError naming it. */
export async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const { size } = await stat(path);
    if (size > maxBytes) throw new FormatError(`${path}: file is ${size} bytes, more than the ${maxBytes}-byte limit (maxBytes)`);
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (err as Error).message;
    throw withCause(new FormatError(`${path}: cannot read: ${why}`), err);
  }
}

/** Parses uncompressed IDX bytes (see `readIdx`). */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4) throw new FormatError(`${name}: truncated: an IDX file starts with a 4-byte magic number, found ${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new FormatError(`${name}: offset 0: not an IDX file: magic bytes ${hex(bytes[0]!)} ${hex(bytes[1]!)}, expected 00 00`);
  const type = TYPES.get(bytes[2]!);
  if (!type)
    throw new FormatError(`${name}: offset 2: unknown IDX data type code 0x${hex(bytes[2]!)}; expected 0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), 0x0d (float32) or 0x0e (float64)`);
  const ndim = bytes[3]!;
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes)
    throw new FormatError(`${name}: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, found ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let k = 0; k < ndim; k++) {
    shape.push(view.getUint32(4 + 4 * k, false));
    count *= shape[k]!;
  }
  const expected = count * type.bytes; // may exceed 2^53 for absurd dims: then it cannot match either
  const found = bytes.length - headerBytes;
  if (expected !== found) {
    const declared = `header declares shape [${shape.join(', ')}] of ${type.dtype} = ${expected} bytes of data`;
    if (found < expected) throw new FormatError(`${name}: offset ${headerBytes}: truncated: ${declared}, found ${found}`);
    throw new FormatError(`${name}: offset ${headerBytes + expected}: ${found - expected} unexpected bytes after the data (${declared}, found ${found})`);
  }
  let data: IdxValues;
  if (type.bytes === 1) {
    data = type.dtype === 'uint8' ? new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, count) : new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, count);
  } else {
    data = type.make(count);
    for (let i = 0, o = headerBytes; i < count; i++, o += type.bytes) data[i] = type.read(view, o);
  }
  return { dtype: type.dtype, shape, data };
}

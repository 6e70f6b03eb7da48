/**
 * TensorProto ↔ HostTensor. Reading checks everything a hostile file could lie about before
 * allocating: the dtype, every dim, the element count, and that the data (raw, typed field or
 * external file) holds exactly that many elements.
 */
import { fmtShape } from '@pistil/backend';
import { elemBytes, elemCode, elemTypeName, elemTypeOf } from './elem-types.js';
import type { ElemType } from './elem-types.js';
import { OnnxFormatError, OnnxUnsupportedError } from './errors.js';
import { halfToFloat } from '@pistil/nn';
import { bfloat16ToNumber, numberToHalf } from './half.js';
import { HostTensor, allocFor, sizeOfShape } from './host-tensor.js';
import type { HostData } from './host-tensor.js';
import { int64 } from './proto.js';
import type { ITensorProto } from './proto.js';

/** Reads `length` bytes (all to the end when undefined) at `offset` of an external data file named by `location`. */
export type ExternalDataReader = (location: string, offset: number, length: number | undefined, where: string) => Uint8Array;

type Int64 = number | { toNumber(): number };

function shapeOf(t: ITensorProto, where: string): number[] {
  const dims = (t.dims ?? []).map((d) => int64(d as Int64));
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new OnnxFormatError(`${where}: invalid dims ${fmtShape(dims)}`);
  if (sizeOfShape(dims) < 0) throw new OnnxFormatError(`${where}: dims ${fmtShape(dims)} hold more than 2^31 - 1 elements`);
  return dims;
}

function externalBytes(t: ITensorProto, where: string, read: ExternalDataReader | undefined, expected: number): Uint8Array {
  const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const location = entries.get('location');
  if (!location) throw new OnnxFormatError(`${where}: external data without a 'location'`);
  if (!read) throw new OnnxUnsupportedError(`${where}: data is in the external file '${location}'; load the model from a file (loadOnnx) or pass options.externalData`);
  const offset = Number(entries.get('offset') ?? 0);
  const length = entries.has('length') ? Number(entries.get('length')) : undefined;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new OnnxFormatError(`${where}: external data offset '${entries.get('offset')}' is not a byte offset`);
  if (length !== undefined && (!Number.isSafeInteger(length) || length !== expected))
    throw new OnnxFormatError(`${where}: external data length ${entries.get('length')} does not match ${expected} bytes for its dims`);
  const bytes = read(location, offset, length ?? expected, where);
  if (bytes.length !== expected) throw new OnnxFormatError(`${where}: external file '${location}' holds ${bytes.length} bytes at offset ${offset}, expected ${expected}`);
  return bytes;
}

function fromRaw(type: ElemType, raw: Uint8Array, n: number): HostData {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = allocFor(type, n);
  for (let i = 0; i < n; i++) {
    switch (type) {
      case 'float32': out[i] = view.getFloat32(i * 4, true); break;
      case 'float64': out[i] = view.getFloat64(i * 8, true); break;
      case 'float16': out[i] = halfToFloat(view.getUint16(i * 2, true)); break;
      case 'bfloat16': out[i] = bfloat16ToNumber(view.getUint16(i * 2, true)); break;
      case 'int64': out[i] = Number(view.getBigInt64(i * 8, true)); break;
      case 'uint64': out[i] = Number(view.getBigUint64(i * 8, true)); break;
      case 'int32': out[i] = view.getInt32(i * 4, true); break;
      case 'uint32': out[i] = view.getUint32(i * 4, true); break;
      case 'int16': out[i] = view.getInt16(i * 2, true); break;
      case 'uint16': out[i] = view.getUint16(i * 2, true); break;
      case 'int8': out[i] = view.getInt8(i); break;
      case 'bool': out[i] = view.getUint8(i) ? 1 : 0; break;
      default: out[i] = view.getUint8(i);
    }
  }
  return out;
}

/** The typed repeated field ONNX keeps a type's values in when raw_data is absent. */
function typedField(t: ITensorProto, type: ElemType): ArrayLike<number | Int64> {
  switch (type) {
    case 'float32': return t.floatData ?? [];
    case 'float64': return t.doubleData ?? [];
    case 'int64': return t.int64Data ?? [];
    case 'uint32': case 'uint64': return t.uint64Data ?? [];
    default: return t.int32Data ?? []; // int32, int16, int8, uint16, uint8, bool, float16, bfloat16 (as bits)
  }
}

function fromTyped(type: ElemType, values: ArrayLike<number | Int64>, n: number): HostData {
  const out = allocFor(type, n);
  for (let i = 0; i < n; i++) {
    const v = int64(values[i] as Int64);
    out[i] = type === 'float16' ? halfToFloat(v) : type === 'bfloat16' ? bfloat16ToNumber(v) : type === 'bool' ? (v ? 1 : 0) : v;
  }
  return out;
}

/** Decodes `t` (an initializer, a Constant's value, a test data file); `where` names it in errors. */
export function readTensorProto(t: ITensorProto, where: string, external?: ExternalDataReader): HostTensor {
  const code = t.dataType ?? 0;
  const type = elemTypeOf(code);
  if (!type) throw new OnnxUnsupportedError(`${where}: element type ${elemTypeName(code)} is not supported`);
  const shape = shapeOf(t, where);
  const n = sizeOfShape(shape);
  const bytes = n * elemBytes(type);
  if (t.segment) throw new OnnxUnsupportedError(`${where}: segmented tensors are not supported`);
  if (t.dataLocation === 1) return new HostTensor(type, shape, fromRaw(type, externalBytes(t, where, external, bytes), n));
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length !== bytes)
      throw new OnnxFormatError(`${where}: raw_data holds ${t.rawData.length} bytes, but ${elemTypeName(code)} ${fmtShape(shape)} needs ${bytes}`);
    return new HostTensor(type, shape, fromRaw(type, t.rawData, n));
  }
  const values = typedField(t, type);
  if (values.length !== n) throw new OnnxFormatError(`${where}: holds ${values.length} values, but ${elemTypeName(code)} ${fmtShape(shape)} needs ${n}`);
  return new HostTensor(type, shape, fromTyped(type, values, n));
}

/** A TensorProto with little-endian raw_data (export, test fixtures, fine-tuned weights). */
export function writeTensorProto(name: string, t: HostTensor): ITensorProto {
  const bytes = new Uint8Array(t.size * elemBytes(t.type));
  const view = new DataView(bytes.buffer);
  t.data.forEach((v, i) => {
    switch (t.type) {
      case 'float32': view.setFloat32(i * 4, v, true); break;
      case 'float64': view.setFloat64(i * 8, v, true); break;
      case 'int64': view.setBigInt64(i * 8, BigInt(Math.trunc(v)), true); break;
      case 'int32': view.setInt32(i * 4, v, true); break;
      case 'float16': view.setUint16(i * 2, numberToHalf(v), true); break;
      case 'uint8': case 'bool': view.setUint8(i, v); break;
      default: throw new OnnxUnsupportedError(`writeTensorProto(${name}): writing ${t.type} is not supported`);
    }
  });
  return { name, dims: [...t.shape], dataType: elemCode(t.type), rawData: bytes };
}

/** ONNX element types (TensorProto.DataType) this package reads, and how each maps onto Pistil dtypes. */
import type { DType } from '@pistil/nn';

export type ElemType = 'float32' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'int32' | 'int64' | 'bool' | 'float16' | 'float64' | 'uint32' | 'uint64' | 'bfloat16';

const CODES: Record<number, ElemType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};
/** TensorProto.DataType names, as ONNX tools print them. */
const NAMES = ['UNDEFINED', 'FLOAT', 'UINT8', 'INT8', 'UINT16', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOL', 'FLOAT16', 'DOUBLE', 'UINT32', 'UINT64', 'COMPLEX64', 'COMPLEX128', 'BFLOAT16'];

export function elemTypeOf(code: number): ElemType | undefined {
  return CODES[code];
}

/** The ONNX name of a type code, for error messages (`FLOAT16`, `STRING`…). */
export function elemTypeName(code: number): string {
  return NAMES[code] ?? `type code ${code}`;
}

export function elemCode(type: ElemType): number {
  return Number(Object.keys(CODES).find((k) => CODES[Number(k)] === type));
}

/** Bytes per element in raw_data. */
export function elemBytes(type: ElemType): number {
  switch (type) {
    case 'bool': case 'uint8': case 'int8': return 1;
    case 'float16': case 'bfloat16': case 'uint16': case 'int16': return 2;
    case 'float32': case 'int32': case 'uint32': return 4;
    default: return 8;
  }
}

export function isFloatElem(type: ElemType): boolean {
  return type === 'float32' || type === 'float16' || type === 'float64' || type === 'bfloat16';
}

/**
 * The Pistil dtype a value of this ONNX type lives in on a device: half floats widen to float32
 * (Pistil computes in float32), integers other than uint8 narrow to int32 (values are range-checked).
 */
export function deviceDType(type: ElemType): DType {
  if (type === 'float64') return 'float64';
  if (isFloatElem(type)) return 'float32';
  if (type === 'bool') return 'bool';
  if (type === 'uint8') return 'uint8';
  return 'int32';
}

/** The ONNX type a Pistil dtype is written as. */
export function elemOfDType(dtype: DType): ElemType {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'uint8' || dtype === 'bool' ? dtype : 'float32';
}

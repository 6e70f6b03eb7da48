/** The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON, then the data. */
import type { DType } from '@pistil/backend';

/** Headers longer than this are refused before anything is read or allocated (100 MB, as the reference implementation). */
export const MAX_HEADER_BYTES = 100_000_000;

/** The safetensors dtype each Pistil dtype is written as. */
export const WRITE_CODES: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', uint8: 'U8', bool: 'BOOL' };

/**
 * Dtypes read, with their size and the Pistil dtype they load as. F16/BF16 widen to float32 and
 * I64 narrows to int32 (range-checked), so PyTorch checkpoints (int64 `num_batches_tracked`) load.
 */
export const READ_CODES: Record<string, { itemsize: number; dtype: DType }> = {
  F32: { itemsize: 4, dtype: 'float32' },
  F64: { itemsize: 8, dtype: 'float64' },
  I32: { itemsize: 4, dtype: 'int32' },
  U8: { itemsize: 1, dtype: 'uint8' },
  BOOL: { itemsize: 1, dtype: 'bool' },
  F16: { itemsize: 2, dtype: 'float32' },
  BF16: { itemsize: 2, dtype: 'float32' },
  I64: { itemsize: 8, dtype: 'int32' },
};

export const METADATA_KEY = '__metadata__';

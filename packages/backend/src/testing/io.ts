/** Moving host tensors in and out of a backend through its public storage API only. */
import type { Backend } from '../backend.js';
import { newTypedArray } from '../dtypes.js';
import type { TensorInfo } from '../kernels.js';
import { hostSize, type HostTensor } from './host.js';

/** Allocates and writes `t` on `backend`; the caller owns (and disposes) the result. */
export function upload(backend: Backend, t: HostTensor): TensorInfo {
  const size = hostSize(t.shape);
  if (t.data.length !== size) throw new Error(`upload: shape [${t.shape.join(', ')}] needs ${size} values, got ${t.data.length}`);
  const values = newTypedArray(t.dtype, size);
  for (let i = 0; i < size; i++) values[i] = t.data[i]!;
  const dataId = backend.alloc(t.dtype, size);
  try {
    backend.write(dataId, values);
  } catch (err) {
    backend.dispose(dataId);
    throw err;
  }
  return { dataId, shape: [...t.shape], dtype: t.dtype };
}

/** Reads `info` back as a host tensor (float64 values); does not dispose it. */
export async function download(backend: Backend, info: TensorInfo): Promise<HostTensor> {
  const values = await backend.read(info.dataId);
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i]!;
  return { shape: [...info.shape], dtype: info.dtype, data };
}

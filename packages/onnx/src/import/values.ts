/** Moving values between host and device, with the narrowing rules of `deviceDType`. */
import { Tensor, tensor } from '@pistil/nn';
import type { Device } from '@pistil/nn';
import { deviceDType, elemOfDType } from '../elem-types.js';
import { OnnxUnsupportedError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Uploads a host tensor; 64-bit integers must fit in int32 (indices and shapes always do). */
export function toDevice(h: HostTensor, device: Device, where: string): Tensor {
  const dtype = deviceDType(h.type);
  let data = h.data;
  if (dtype === 'int32' && !(data instanceof Int32Array)) {
    const narrowed = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < INT32_MIN || v > INT32_MAX) throw new OnnxUnsupportedError(`${where}: ${h.type} value ${v} does not fit in int32, the integer type tensors compute in`);
      narrowed[i] = v;
    }
    data = narrowed;
  }
  return tensor(data, { shape: h.shape, dtype, device });
}

/** Reads a device tensor back (synchronously: shape-like inputs are tiny). */
export function toHost(t: Tensor): HostTensor {
  const values = t.dataSync();
  return HostTensor.of(elemOfDType(t.dtype), t.shape, values as ArrayLike<number>);
}

import { record } from '../autograd/record.js';
import { backendFor, upload } from '../engine.js';
import type { Device } from '../engine.js';
import { BackendError } from '../errors.js';
import type { Tensor } from '../tensor.js';

function move(x: Tensor, device: Device, values: ReturnType<Tensor['dataSync']>): Tensor {
  const y = upload(values, x.shape, x.dtype, device);
  return record('to', [x], y, (dy) => [toDevice(dy, x.device)]);
}

/** The tensor on `device` (itself if already there); gradients flow back to the source device. */
export function toDevice(x: Tensor, device: Device): Tensor {
  if (x.device === device) return x;
  backendFor(device);
  if (!x.storage.backend.readSync) throw new BackendError(`to('${device}'): backend '${x.device}' cannot read synchronously; use await toDeviceAsync(x, '${device}')`);
  return move(x, device, x.dataSync());
}

/** `toDevice` for backends that only read asynchronously. */
export async function toDeviceAsync(x: Tensor, device: Device): Promise<Tensor> {
  if (x.device === device) return x;
  backendFor(device);
  return move(x, device, await x.data());
}

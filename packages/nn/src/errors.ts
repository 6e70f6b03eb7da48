import { BackendError } from '@pistil/backend';

export { PistilError, ShapeError, DTypeError, BackendError, FormatError } from '@pistil/backend';

/** Tensors on different devices met in one op, or a device that is not registered. */
export class DeviceError extends BackendError {
  override readonly name: string = 'DeviceError';
}

/** A disposed tensor was used, or a graph was walked twice without `retainGraph`. */
export class UseAfterFreeError extends BackendError {
  override readonly name: string = 'UseAfterFreeError';
}

/** Autograd was asked for something it cannot do (no grad to compute, non-scalar root…). */
export class GradError extends BackendError {
  override readonly name: string = 'GradError';
}

/** Base class of every error Pistil throws on purpose. */
export class PistilError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A shape (rank, size, broadcast, axis, index) that an op cannot accept. */
export class ShapeError extends PistilError {
  override readonly name: string = 'ShapeError';
}

/** A dtype that an op cannot accept. */
export class DTypeError extends PistilError {
  override readonly name: string = 'DTypeError';
}

/** A backend that cannot start, lacks a kernel, or failed inside one. */
export class BackendError extends PistilError {
  override readonly name: string = 'BackendError';
}

/** A file or byte stream (weights, ONNX, datasets) that is malformed. */
export class FormatError extends PistilError {
  override readonly name: string = 'FormatError';
}

/** Formats a shape the way every error message shows it: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

import { ShapeError } from '@pistil/nn';

/** Pixel storage of a host image: bytes straight from a decoder, or floats after `ToFloat`. */
export type ImageArray = Uint8Array | Float32Array;

/**
 * An image on the host, channels first (CHW), as datasets yield it before collation. Not a
 * `Tensor`: samples stay plain arrays until the DataLoader makes one tensor per batch.
 */
export interface HostImage {
  readonly data: ImageArray;
  readonly shape: readonly [channels: number, height: number, width: number];
}

/** Whether `value` looks like a `HostImage` (a CHW shape whose size matches its data). */
export function isHostImage(value: unknown): value is HostImage {
  if (value === null || typeof value !== 'object') return false;
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  if (!(data instanceof Uint8Array || data instanceof Float32Array) || !Array.isArray(shape) || shape.length !== 3) return false;
  return shape.every((d) => Number.isInteger(d) && d >= 0) && shape[0] * shape[1] * shape[2] === data.length;
}

/** The image's [C, H, W], after checking it is a well-formed `HostImage`; errors name `op`. */
export function imageDims(op: string, image: HostImage): [number, number, number] {
  if (!isHostImage(image)) {
    const shape = (image as { shape?: unknown } | null)?.shape;
    throw new ShapeError(`${op}: expected an image { data: Uint8Array | Float32Array, shape: [C, H, W] } with C·H·W values, got shape ${JSON.stringify(shape)}`);
  }
  return [image.shape[0], image.shape[1], image.shape[2]];
}

/** A zeroed array of `length` values of the same kind as `like` (uint8 stays uint8). */
export function emptyLike(like: ImageArray, length: number): ImageArray {
  return like instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length);
}

/**
 * A view to write computed (fractional) values into `out`: for uint8 a clamped view, so values
 * are rounded and saturated at 0 and 255 instead of wrapping around.
 */
export function writerOf(out: ImageArray): Float32Array | Uint8ClampedArray {
  return out instanceof Uint8Array ? new Uint8ClampedArray(out.buffer, out.byteOffset, out.length) : out;
}

/** A per-channel value list of length `channels` from one number or a list (fill, mean, std). */
export function perChannel(op: string, what: string, value: number | readonly number[], channels: number): number[] {
  if (typeof value === 'number') return new Array<number>(channels).fill(value);
  if (value.length === 1) return new Array<number>(channels).fill(value[0]!);
  if (value.length !== channels) throw new ShapeError(`${op}: ${what} has ${value.length} values but the image has ${channels} channels`);
  return [...value];
}

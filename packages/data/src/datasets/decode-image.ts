import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { FormatError } from '@pistil/nn';
import { withCause } from '../errors.js';
import type { HostImage } from '../image.js';

/**
 * Decodes an image file (JPEG, PNG, WebP, TIFF… whatever sharp reads) to uint8 CHW: RGB with
 * 3 channels (alpha dropped, grey expanded), or 1 channel with `grayscale`. A file that is not a
 * readable image is a FormatError naming it.
 */
export async function decodeImage(path: string, options: { grayscale?: boolean } = {}): Promise<HostImage> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    const input = sharp(path);
    const pipeline = options.grayscale ? input.grayscale().removeAlpha() : input.removeAlpha().toColourspace('srgb');
    raw = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw withCause(new FormatError(`${path}: cannot decode image: ${(err as Error).message}`), err);
  }
  const { width, height, channels } = raw.info;
  const plane = width * height;
  const hwc = raw.data;
  const data = new Uint8Array(plane * channels);
  for (let c = 0; c < channels; c++) {
    const base = c * plane;
    for (let p = 0, q = c; p < plane; p++, q += channels) data[base + p] = hwc[q]!;
  }
  return { data, shape: [channels, height, width] };
}

import sharp from 'sharp';
import { FormatError } from '@pistil/nn';
import type { Normalization } from './data.js';
import { mnistLikeInput } from './mnist-like.js';

/**
 * Turns any picture of a digit into an MNIST-like 28×28 image, as MNIST itself was made: greyscale,
 * light digit on dark (inverted when the background is light), cropped to the ink, scaled to fit
 * 20×20 keeping its aspect, and placed so its centre of mass is at the centre of the 28×28 field.
 * Returns values in [0, 1], then normalised as the model was trained (and padded for LeNet-5).
 * sharp only decodes the file; the rest is mnist-like.ts, which the web page runs on its canvas.
 */
export async function mnistLike(path: string, norm: Normalization): Promise<{ data: Float32Array; side: number }> {
  let raw: { data: Buffer; info: { width: number; height: number } };
  try {
    raw = await sharp(path).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new FormatError(`${path}: not a readable image (${err instanceof Error ? err.message : String(err)})`);
  }
  const { width, height } = raw.info;
  const input = mnistLikeInput({ data: Float32Array.from(raw.data, (v) => v / 255), width, height }, norm);
  if (!input) throw new FormatError(`${path}: no digit found (the image is blank)`);
  return { data: input.data, side: input.side };
}

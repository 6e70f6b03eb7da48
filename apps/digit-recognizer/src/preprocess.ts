import sharp from 'sharp';
import { FormatError } from '@pistil/nn';
import type { Normalization } from './data.js';

/**
 * Turns any picture of a digit into an MNIST-like 28×28 image, as MNIST itself was made: greyscale,
 * light digit on dark (inverted when the background is light), cropped to the ink, scaled to fit
 * 20×20 keeping its aspect, and placed so its centre of mass is at the centre of the 28×28 field.
 * Returns values in [0, 1], then normalised as the model was trained (and padded for LeNet-5).
 */
export async function mnistLike(path: string, norm: Normalization): Promise<{ data: Float32Array; side: number }> {
  let raw: { data: Buffer; info: { width: number; height: number } };
  try {
    raw = await sharp(path).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new FormatError(`${path}: not a readable image (${err instanceof Error ? err.message : String(err)})`);
  }
  const { width, height } = raw.info;
  let grey = Float32Array.from(raw.data, (v) => v / 255);
  const mean = grey.reduce((s, v) => s + v, 0) / grey.length;
  if (mean > 0.5) grey = grey.map((v) => 1 - v); // dark ink on paper → light ink on black, as MNIST
  // Bounding box of the ink.
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (grey[y * width + x]! > 0.2) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  if (x1 < 0) throw new FormatError(`${path}: no digit found (the image is blank)`);
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = 20 / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const cropped = Buffer.from(Uint8Array.from({ length: bw * bh }, (_, i) => Math.round(255 * grey[(y0 + Math.floor(i / bw)) * width + x0 + (i % bw)]!)));
  // toColourspace('b-w'): without it sharp widens a resized one-channel image to three channels.
  const small = await sharp(cropped, { raw: { width: bw, height: bh, channels: 1 } }).resize(tw, th, { kernel: 'lanczos3' }).toColourspace('b-w').raw().toBuffer();
  // Centre of mass of the scaled digit goes to (14, 14).
  let mass = 0, cx = 0, cy = 0;
  for (let i = 0; i < tw * th; i++) {
    const v = small[i]!;
    mass += v; cx += v * (i % tw); cy += v * Math.floor(i / tw);
  }
  const ox = Math.round(14 - cx / mass);
  const oy = Math.round(14 - cy / mass);
  const side = 28 + 2 * norm.pad;
  const out = new Float32Array(side * side).fill((0 - norm.mean) / norm.std);
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const tx = x + ox + norm.pad;
    const ty = y + oy + norm.pad;
    if (tx >= 0 && ty >= 0 && tx < side && ty < side) out[ty * side + tx] = (small[y * tw + x]! / 255 - norm.mean) / norm.std;
  }
  return { data: out, side };
}

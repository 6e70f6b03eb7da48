import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';

/** Writes a PNG atomically (temp file, then rename): a crash never leaves half a picture. */
async function writeAtomically(path: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Renders an SVG document to a PNG file. */
export function svgToPng(svg: string, path: string): Promise<void> {
  return writeAtomically(path, (tmp) => sharp(Buffer.from(svg)).png().toFile(tmp));
}

/** Writes 8-bit RGB pixels (row-major, 3 bytes a pixel) as a PNG, scaled up by `scale` without smoothing. */
export function rgbToPng(pixels: Uint8Array, width: number, height: number, path: string, scale = 1): Promise<void> {
  return writeAtomically(path, (tmp) =>
    sharp(pixels, { raw: { width, height, channels: 3 } })
      .resize(width * scale, height * scale, { kernel: 'nearest' })
      .png()
      .toFile(tmp));
}

import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { escapeXml } from './svg.js';

export interface GridImage {
  /** Grey levels, row-major, any range: each image is stretched to black…white on its own unless `range` is given. */
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  caption?: string;
}

export interface GridOptions {
  columns: number;
  /** Screen pixels per image pixel. */
  scale?: number;
  /** Fixed value range mapped to black…white (e.g. [-1, 1] for filters shown on a shared scale). */
  range?: readonly [number, number];
  /** Diverging colours (blue negative, red positive) instead of grey, for filters. */
  diverging?: boolean;
  title?: string;
}

function toRgb(img: GridImage, options: GridOptions): Uint8Array {
  let lo = options.range?.[0];
  let hi = options.range?.[1];
  if (lo === undefined || hi === undefined) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < img.pixels.length; i++) {
      lo = Math.min(lo, img.pixels[i]!);
      hi = Math.max(hi, img.pixels[i]!);
    }
    if (options.diverging) hi = Math.max(Math.abs(lo), Math.abs(hi)), lo = -hi;
  }
  const span = hi - lo || 1;
  const out = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) {
    const t = Math.min(1, Math.max(0, (img.pixels[i]! - lo) / span));
    if (options.diverging) {
      const d = 2 * t - 1; // −1 blue … 0 white … +1 red
      out[3 * i] = Math.round(255 * (d < 0 ? 1 + d : 1));
      out[3 * i + 1] = Math.round(255 * (1 - Math.abs(d)));
      out[3 * i + 2] = Math.round(255 * (d > 0 ? 1 - d : 1));
    } else {
      out.fill(Math.round(255 * t), 3 * i, 3 * i + 3);
    }
  }
  return out;
}

/** Lays images out in a grid with optional captions under each, and writes a PNG atomically. */
export async function imageGrid(images: readonly GridImage[], path: string, options: GridOptions): Promise<void> {
  if (images.length === 0) throw new RangeError(`imageGrid: no images to draw into ${path}`);
  const scale = options.scale ?? 3;
  const cw = Math.max(...images.map((i) => i.width)) * scale;
  const ch = Math.max(...images.map((i) => i.height)) * scale;
  const captionH = images.some((i) => i.caption) ? 16 : 0;
  const titleH = options.title ? 26 : 0;
  const gap = 6;
  const cols = Math.min(options.columns, images.length);
  const rows = Math.ceil(images.length / cols);
  const width = cols * (cw + gap) + gap;
  const height = titleH + rows * (ch + captionH + gap) + gap;
  const tiles = await Promise.all(images.map(async (img, k) => ({
    input: await sharp(toRgb(img, options), { raw: { width: img.width, height: img.height, channels: 3 } })
      .resize(img.width * scale, img.height * scale, { kernel: 'nearest' }).png().toBuffer(),
    left: gap + (k % cols) * (cw + gap),
    top: titleH + gap + Math.floor(k / cols) * (ch + captionH + gap),
  })));
  let svg = '';
  if (options.title) svg += `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`;
  images.forEach((img, k) => {
    if (!img.caption) return;
    const x = gap + (k % cols) * (cw + gap) + cw / 2;
    const y = titleH + gap + Math.floor(k / cols) * (ch + captionH + gap) + ch + 12;
    svg += `<text x="${x}" y="${y}" text-anchor="middle" font-size="11">${escapeXml(img.caption)}</text>`;
  });
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">${svg}</svg>`);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
      .composite([...tiles, { input: overlay, left: 0, top: 0 }])
      .png()
      .toFile(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

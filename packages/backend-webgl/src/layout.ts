/**
 * How a tensor sits in a texture.
 *
 * - Flat tensors (every user-visible dtype): one element per texel, row-major. A tensor of up to
 *   MAX_TEXTURE_SIZE elements is a single row as wide as it; a longer one fills rows whose width
 *   is a power of two (the largest ≤ MAX_TEXTURE_SIZE; the last row may be partly used), so that
 *   a flat index splits into (column, row) with a mask and a shift, or exactly in float
 *   arithmetic (see shader.ts), never with an integer division. int32, uint8 and bool live in
 *   R32I textures so that integers stay exact; float32 in R32F.
 * - Packed scratch tensors (internal to kernels, never a user's tensor): RGBA32F, four floats per
 *   texel, a kernel's grid of [rows, cols] texels addressed by (row, column) directly. A grid of
 *   up to MAX_TEXTURE_SIZE rows is the texture itself (cols wide, rows high); a taller one is cut
 *   into bands of a power-of-two number of rows, laid side by side, then in rows of bands
 *   (`PackedGrid`). The TensorInfo of a packed tensor has the texture's shape [height, width, 4].
 *
 * Every texture has one level and NEAREST filtering (textures.ts), so `texture()` at a texel's
 * centre returns that texel exactly; shader.ts writes the GLSL that relies on it.
 */
import { BackendError, type DType } from '@pistil/backend';

/** float: R32F; int: R32I; vec4: RGBA32F (packed scratch). */
export type TexelFormat = 'float' | 'int' | 'vec4';

export interface TextureShape {
  width: number;
  height: number;
}

/** A tensor's texture as its readers see it. */
export interface TexelLayout extends TextureShape {
  format: TexelFormat;
  /** Elements stored (texels for flat tensors; texels for packed ones too, each holding four floats). */
  texels: number;
  /** True for packed tensors, addressed by (column, row); false for flat ones, addressed by flat index. */
  packed: boolean;
}

export function formatOf(dtype: DType): TexelFormat {
  return dtype === 'float32' ? 'float' : 'int';
}

/** The largest power of two ≤ n (n ≥ 1). */
export function floorPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/**
 * The texture of a flat tensor of `size` elements on a GPU whose MAX_TEXTURE_SIZE is `maxSize`:
 * one row of `size` texels, or rows of the largest power of two ≤ `maxSize`.
 */
export function textureShapeFor(size: number, maxSize: number): TextureShape {
  if (size <= maxSize) return { width: Math.max(1, size), height: 1 };
  const width = floorPow2(maxSize);
  const height = Math.ceil(size / width);
  if (height > maxSize) {
    throw new BackendError(`webgl: a tensor of ${size} elements needs a ${width}×${height} texture, more than this GPU's MAX_TEXTURE_SIZE ${maxSize}`);
  }
  return { width, height };
}

/** Whether a texture of `rows` × `cols` texels is allowed. */
export function packedFits(rows: number, cols: number, maxSize: number): boolean {
  return rows >= 1 && cols >= 1 && rows <= maxSize && cols <= maxSize;
}

/**
 * A packed grid of `rows` × `cols` texels in one texture: row r lies in band r >> log2(bandRows),
 * at row (r & (bandRows − 1)) of it; band b's texels start at column (b % bandsPerRow)·cols, row
 * ⌊b / bandsPerRow⌋·bandRows of the texture.
 */
export interface PackedGrid {
  rows: number;
  cols: number;
  /** Rows per band: all the rows when there is one band, else a power of two. */
  bandRows: number;
  bands: number;
  bandsPerRow: number;
  /** The texture. */
  width: number;
  height: number;
}

/** The layout of a packed grid of `rows` × `cols` texels, or undefined where no texture of this GPU holds it. */
export function packedGrid(rows: number, cols: number, maxSize: number): PackedGrid | undefined {
  if (rows < 1 || cols < 1 || cols > maxSize) return undefined;
  if (rows <= maxSize) return { rows, cols, bandRows: rows, bands: 1, bandsPerRow: 1, width: cols, height: rows };
  const bandsPerRow = Math.floor(maxSize / cols);
  for (let bandRows = floorPow2(maxSize); bandRows >= 1; bandRows /= 2) {
    const bands = Math.ceil(rows / bandRows);
    const height = Math.ceil(bands / bandsPerRow) * bandRows;
    if (height <= maxSize) return { rows, cols, bandRows, bands, bandsPerRow, width: Math.min(bands, bandsPerRow) * cols, height };
  }
  return undefined;
}

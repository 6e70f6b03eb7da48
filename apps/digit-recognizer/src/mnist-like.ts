/**
 * The pure-array core of "make this picture look like an MNIST digit", shared by the CLI's
 * `predict` (which decodes image files with sharp, see preprocess.ts) and the web page (which
 * reads its drawing canvas). Browser-safe: no Node modules, no tensors, only typed arrays.
 *
 * MNIST's recipe (LeCun et al.): the digit, light on dark, is cropped to its ink, scaled with
 * anti-aliasing to fit a 20×20 box keeping its aspect ratio, and placed in a 28×28 field so that
 * its centre of mass is at the centre of the field.
 */

/**
 * How pixels in [0, 1] are mapped before the network (the `normalization` of model.json; the same
 * shape as data.ts's `Normalization`, repeated here so this file imports nothing Node-only).
 */
export interface Normalization {
  mean: number;
  std: number;
  /** Zero-padding on each side (LeNet-5 reads 32×32: MNIST's 28×28 plus 2). */
  pad: number;
}

/** A one-channel image, row-major, values in [0, 1]. */
export interface GreyImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** A pixel brighter than this (in [0, 1]) counts as ink for the bounding box. */
export const INK_THRESHOLD = 0.2;
/** MNIST's digit box and field. */
export const DIGIT_BOX = 20;
export const FIELD = 28;

/** Light ink on dark, as MNIST: inverts the image when its mean is above 0.5 (dark ink on paper). */
export function lightOnDark(image: GreyImage): GreyImage {
  let sum = 0;
  for (const v of image.data) sum += v;
  if (sum / Math.max(1, image.data.length) <= 0.5) return image;
  return { ...image, data: image.data.map((v) => 1 - v) };
}

/** The smallest box holding every pixel above `threshold`, or null when there is none (a blank image). */
export function inkBox(image: GreyImage, threshold = INK_THRESHOLD): { x0: number; y0: number; width: number; height: number } | null {
  const { data, width, height } = image;
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The sub-image [x0, x0 + width) × [y0, y0 + height). */
export function crop(image: GreyImage, box: { x0: number; y0: number; width: number; height: number }): GreyImage {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) out.set(image.data.subarray((box.y0 + y) * image.width + box.x0, (box.y0 + y) * image.width + box.x0 + box.width), y * box.width);
  return { data: out, width: box.width, height: box.height };
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Lanczos-3 window, the kernel sharp/libvips used here before. */
function lanczos3(x: number): number {
  return Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0;
}

/**
 * For each output index along one axis, the source indices and normalised weights of a
 * Lanczos-3 filter stretched by the scale when shrinking (so it anti-aliases, as libvips does).
 */
function axisWeights(inSize: number, outSize: number): { first: number; weights: Float64Array }[] {
  const scale = inSize / outSize;
  const stretch = Math.max(1, scale);
  const support = 3 * stretch;
  const rows: { first: number; weights: Float64Array }[] = [];
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale - 0.5;
    const first = Math.max(0, Math.ceil(centre - support));
    const last = Math.min(inSize - 1, Math.floor(centre + support));
    const weights = new Float64Array(last - first + 1);
    let total = 0;
    for (let i = first; i <= last; i++) total += weights[i - first] = lanczos3((i - centre) / stretch);
    for (let k = 0; k < weights.length; k++) weights[k]! /= total;
    rows.push({ first, weights });
  }
  return rows;
}

/** Resizes to `width`×`height` with an anti-aliased Lanczos-3 filter (separable), clamped to [0, 1]. */
export function resample(image: GreyImage, width: number, height: number): GreyImage {
  const wx = axisWeights(image.width, width);
  const wy = axisWeights(image.height, height);
  // Horizontal pass: image.height rows of `width`.
  const mid = new Float64Array(image.height * width);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < width; x++) {
      const { first, weights } = wx[x]!;
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += weights[k]! * image.data[row + first + k]!;
      mid[y * width + x] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { first, weights } = wy[y]!;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = 0; k < weights.length; k++) s += weights[k]! * mid[(first + k) * width + x]!;
      out[y * width + x] = Math.min(1, Math.max(0, s));
    }
  }
  return { data: out, width, height };
}

/** The intensity-weighted mean position (x, y) of an image (its centre of mass). */
export function centreOfMass(image: GreyImage): { x: number; y: number } {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x]!;
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  }
  return mass > 0 ? { x: cx / mass, y: cy / mass } : { x: (image.width - 1) / 2, y: (image.height - 1) / 2 };
}

/**
 * MNIST's 28×28 field in [0, 1] from any grey picture of a digit: light-on-dark, cropped to the
 * ink, scaled to fit 20×20 keeping its aspect, centre of mass moved to (14, 14). Null when blank.
 */
export function mnistField(image: GreyImage): Float32Array | null {
  const grey = lightOnDark(image);
  const box = inkBox(grey);
  if (!box) return null;
  const scale = DIGIT_BOX / Math.max(box.width, box.height);
  const tw = Math.max(1, Math.round(box.width * scale));
  const th = Math.max(1, Math.round(box.height * scale));
  const small = resample(crop(grey, box), tw, th);
  const com = centreOfMass(small);
  const ox = Math.round(FIELD / 2 - com.x);
  const oy = Math.round(FIELD / 2 - com.y);
  const field = new Float32Array(FIELD * FIELD);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && ty >= 0 && tx < FIELD && ty < FIELD) field[ty * FIELD + tx] = small.data[y * tw + x]!;
    }
  }
  return field;
}

/** A 28×28 field in [0, 1] as the network reads it: padded by `norm.pad` and normalised. */
export function normalizeField(field: Float32Array, norm: Normalization): { data: Float32Array; side: number } {
  const side = FIELD + 2 * norm.pad;
  const out = new Float32Array(side * side).fill((0 - norm.mean) / norm.std);
  for (let y = 0; y < FIELD; y++) for (let x = 0; x < FIELD; x++) out[(y + norm.pad) * side + x + norm.pad] = (field[y * FIELD + x]! - norm.mean) / norm.std;
  return { data: out, side };
}

/** `mnistField` then `normalizeField`: the network's input for a picture, or null when it is blank. */
export function mnistLikeInput(image: GreyImage, norm: Normalization): { data: Float32Array; side: number; field: Float32Array } | null {
  const field = mnistField(image);
  return field && { ...normalizeField(field, norm), field };
}

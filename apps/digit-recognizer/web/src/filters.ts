/** Small images drawn as enlarged pixel grids: the 28×28 input the network sees, and the first-layer filters. */

/** Paints `values` (width×height, row-major) at (x, y), each pixel a `scale`×`scale` square, black at `lo` and white at `hi`. */
export function paintGrid(ctx: CanvasRenderingContext2D, values: ArrayLike<number>, width: number, height: number, x: number, y: number, scale: number, lo: number, hi: number): void {
  const span = hi - lo || 1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, (values[r * width + c]! - lo) / span)));
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect(x + c * scale, y + r * scale, scale, scale);
    }
  }
}

/** The 28×28 field in [0, 1], one canvas pixel per pixel (CSS enlarges it without smoothing). */
export function drawField(canvas: HTMLCanvasElement, field: Float32Array | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(canvas.width, canvas.height);
  if (field) {
    for (let i = 0; i < field.length && i < canvas.width * canvas.height; i++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, field[i]!)));
      image.data.set([v, v, v, 255], 4 * i);
    }
  } else {
    for (let i = 0; i < canvas.width * canvas.height; i++) image.data.set([0, 0, 0, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * Convolution filters [out, in, kh, kw] side by side, each scaled to its own min…max (as
 * ConvNetJS shows them), with a gap between them; the canvas is resized to fit.
 */
export function drawFilters(canvas: HTMLCanvasElement, values: Float32Array, shape: readonly number[], scale = 10): void {
  const [out = 0, inC = 1, kh = 0, kw = 0] = shape;
  const gap = 6;
  const count = out * inC;
  const width = count * (kw * scale + gap) + gap;
  const height = kh * scale + 2 * gap;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  for (let k = 0; k < count; k++) {
    const w = values.subarray(k * kh * kw, (k + 1) * kh * kw);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of w) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    paintGrid(ctx, w, kw, kh, gap + k * (kw * scale + gap), gap, scale, lo, hi);
  }
}

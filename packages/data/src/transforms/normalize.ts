import { DTypeError } from '@pistil/nn';
import { imageDims, perChannel } from '../image.js';
import type { HostImage } from '../image.js';
import type { Transform } from './transform.js';

/** `(x − mean[c]) / std[c]` per channel, on float images (put `ToFloat` first). */
export class Normalize implements Transform {
  readonly mean: readonly number[];
  readonly std: readonly number[];

  /** `mean` and `std`: one number for every channel, or one per channel. */
  constructor(mean: number | readonly number[], std: number | readonly number[]) {
    this.mean = typeof mean === 'number' ? [mean] : [...mean];
    this.std = typeof std === 'number' ? [std] : [...std];
    if (this.mean.length === 0 || this.mean.some((m) => !Number.isFinite(m))) throw new RangeError(`Normalize: mean must be finite numbers, got ${JSON.stringify(mean)}`);
    if (this.std.length === 0 || this.std.some((s) => !Number.isFinite(s) || s === 0))
      throw new RangeError(`Normalize: std must be finite and non-zero (it divides), got ${JSON.stringify(std)}`);
  }

  apply(image: HostImage): HostImage {
    const [C, H, W] = imageDims('Normalize', image);
    if (!(image.data instanceof Float32Array))
      throw new DTypeError('Normalize: the image is uint8; normalize float images (put ToFloat before Normalize)');
    const mean = perChannel('Normalize', 'mean', this.mean, C);
    const std = perChannel('Normalize', 'std', this.std, C);
    const src = image.data;
    const out = new Float32Array(src.length);
    const plane = H * W;
    for (let c = 0; c < C; c++) {
      const m = mean[c]!;
      const inv = 1 / std[c]!;
      for (let i = c * plane; i < (c + 1) * plane; i++) out[i] = (src[i]! - m) * inv;
    }
    return { data: out, shape: [C, H, W] };
  }
}

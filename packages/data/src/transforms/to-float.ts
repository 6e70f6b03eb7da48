import { imageDims } from '../image.js';
import type { HostImage } from '../image.js';
import type { Transform } from './transform.js';

/**
 * uint8 pixels → float32 in [0, 1] (divided by 255); float images pass unchanged. The scaling
 * half of torchvision's `ToTensor`: images are already CHW, and stay host arrays until the
 * DataLoader makes a batch tensor.
 */
export class ToFloat implements Transform {
  apply(image: HostImage): HostImage {
    const [C, H, W] = imageDims('ToFloat', image);
    if (image.data instanceof Float32Array) return image;
    const src = image.data;
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! / 255;
    return { data: out, shape: [C, H, W] };
  }
}

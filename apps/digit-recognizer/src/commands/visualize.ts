import { Conv2d, keep, noGrad, tensor, tidy } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { join } from 'node:path';
import { testData } from '../data.js';
import { loadModel } from '../model-io.js';
import { imageGrid } from '../render/image-grid.js';

/**
 * Pictures of what the first layer learned: its filters (filters.png, blue negative, red
 * positive) and its feature maps for one test image (activations.png).
 */
export async function visualize(dir: string, options: { index?: number; root?: string } = {}): Promise<string[]> {
  const { model, config } = await loadModel(dir);
  try {
    const first = model.modules().find((m): m is Conv2d => m instanceof Conv2d);
    if (!first) throw new Error(`${dir}: the model has no Conv2d layer to show`);
    const w = first.weight.dataSync();
    const [o, c, kh, kw] = first.weight.shape as [number, number, number, number];
    const filters = Array.from({ length: o * c }, (_, k) => ({ pixels: w.subarray(k * kh * kw, (k + 1) * kh * kw), width: kw, height: kh, caption: `${Math.floor(k / c)}` }));
    const filtersPath = join(dir, 'filters.png');
    await imageGrid(filters, filtersPath, { columns: Math.min(8, o * c), scale: 16, diverging: true, title: `first-layer filters (${o}@${kh}×${kw})` });

    const index = options.index ?? 0;
    const { dataset } = await testData(config.model, 1, options.root);
    if (!(index >= 0 && index < dataset.length)) throw new RangeError(`--index ${index} is outside the ${dataset.length} test images`);
    const [image, label] = await dataset.get(index);
    let maps: Tensor | null = null;
    const hook = first.registerForwardHook((_m, _inputs, out) => void (maps = keep(out.clone())));
    noGrad(() => tidy(() => void model.forward(tensor(image.data, { shape: [1, ...image.shape] }))));
    hook.remove();
    const fm = maps as unknown as Tensor;
    const [, channels, h, wd] = fm.shape as [number, number, number, number];
    const values = fm.dataSync();
    fm.dispose();
    const grid = [
      { pixels: image.data, width: image.shape[2], height: image.shape[1], caption: `input (${label})` },
      ...Array.from({ length: channels }, (_, k) => ({ pixels: values.subarray(k * h * wd, (k + 1) * h * wd), width: wd, height: h, caption: `map ${k}` })),
    ];
    const activationsPath = join(dir, 'activations.png');
    await imageGrid(grid, activationsPath, { columns: Math.min(7, grid.length), scale: 4, title: `first-layer feature maps of test image ${index}` });
    return [filtersPath, activationsPath];
  } finally {
    model.dispose();
  }
}

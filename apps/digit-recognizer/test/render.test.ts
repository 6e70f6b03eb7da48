import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { confusionChart } from '../src/render/confusion-chart.js';
import { imageGrid } from '../src/render/image-grid.js';
import { lineCharts } from '../src/render/line-chart.js';
import { svgToPng } from '../src/render/png.js';
import { ticks } from '../src/render/svg.js';

const dir = mkdtempSync(join(tmpdir(), 'pistil-render-'));

describe('rendering', () => {
  it('ticks are round numbers covering the range', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0.013, 0.049)).toEqual([0.02, 0.03, 0.04]);
    expect(ticks(3, 3)).toEqual([3]);
  });

  it('line charts and confusion matrices render to PNGs of the expected size', async () => {
    const curves = lineCharts([
      { title: 'loss', xLabel: 'epoch', series: [{ name: 'train', color: '#1f77b4', points: [[1, 0.5], [2, 0.2], [3, 0.1]] }, { name: 'val <&>', color: '#d62728', points: [[1, 0.4], [2, 0.25], [3, Number.NaN]] }] },
      { title: 'accuracy', xLabel: 'epoch', yRange: [0.9, 1], series: [{ name: 'val', color: '#2ca02c', points: [[1, 0.95], [2, 0.98]] }] },
    ]);
    expect(curves).toContain('val &lt;&amp;&gt;');
    await svgToPng(curves, join(dir, 'curves.png'));
    expect(await sharp(join(dir, 'curves.png')).metadata()).toMatchObject({ width: 920, height: 320, format: 'png' });

    const labels = ['0', '1', '2'];
    const svg = confusionChart([[5, 1, 0], [0, 7, 0], [2, 0, 9]], labels, 'confusion');
    expect(svg.match(/<rect /g)!.length).toBe(1 + 9);
    await svgToPng(svg, join(dir, 'confusion.png'));
    expect((await sharp(join(dir, 'confusion.png')).metadata()).format).toBe('png');
  });

  it('image grids place each image, scaled, with pixels where they belong', async () => {
    const img = (v: number) => ({ pixels: Float32Array.from({ length: 4 }, (_, i) => (i === 0 ? v : 0)), width: 2, height: 2, caption: `v=${v}` });
    const path = join(dir, 'grid.png');
    await imageGrid([img(1), img(0.5), img(1)], path, { columns: 2, scale: 4, range: [0, 1] });
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([2 * (8 + 6) + 6, 2 * (8 + 16 + 6) + 6]);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(6, 6)).toBe(255); // first image's top-left pixel, white
    expect(at(6 + 5, 6)).toBe(0); // its top-right pixel, black
    expect(at(6 + 8 + 6, 6)).toBe(128); // second image's top-left, mid grey
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    await expect(imageGrid([], path, { columns: 2 })).rejects.toThrow(/no images/);
  });
});

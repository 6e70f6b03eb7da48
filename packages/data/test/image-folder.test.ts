import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FormatError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { CenterCrop, Compose, DataLoader, ImageFolder, SampleError, ToFloat, decodeImage } from '../src/index.js';

// ../shared sits beside the repository (DEVELOPERS.md); PISTIL_SHARED overrides it.
const SHARED = process.env.PISTIL_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const PLANTS = join(SHARED, 'data/plant-seedlings');

describe('ImageFolder on the plant seedlings photos', () => {
  const train = new ImageFolder(join(PLANTS, 'train'));

  it('finds 12 classes in sorted order, with their indices and every photo', () => {
    expect(train.classes).toHaveLength(12);
    expect(train.classes).toEqual([...train.classes].sort());
    expect(train.classes[0]).toBe('Black-grass');
    expect(train.classToIdx['Sugar_beet']).toBe(11);
    const onDisk = train.classes.reduce((n, c) => n + readdirSync(join(PLANTS, 'train', c)).length, 0);
    expect(train.length).toBe(onDisk);
    expect(train.samples[0]![1]).toBe(0);
    expect(train.samples[train.length - 1]![1]).toBe(11);
    expect(train.targets.filter((t) => t === train.classToIdx['Maize']).length).toBe(readdirSync(join(PLANTS, 'train', 'Maize')).length);
  });

  it('decodes photos to uint8 [3, H, W], CHW, with the pixels sharp reads', async () => {
    for (const i of [0, 1000, train.length - 1]) {
      const [image, label] = await train.get(i);
      expect(label).toBe(train.samples[i]![1]);
      expect(image.shape).toEqual([3, 96, 96]);
      expect(image.data).toBeInstanceOf(Uint8Array);
      // Oracle: sharp's interleaved RGB, transposed by hand.
      const { data } = await sharp(train.samples[i]![0]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      for (const [c, y, x] of [[0, 0, 0], [1, 40, 17], [2, 95, 95]] as const) expect(image.data[c * 96 * 96 + y * 96 + x]).toBe(data[(y * 96 + x) * 3 + c]);
    }
  });

  it('grayscale gives [1, H, W]; transforms apply when fetched', async () => {
    const gray = new ImageFolder(join(PLANTS, 'val'), { grayscale: true, transform: new Compose([new ToFloat(), new CenterCrop(64)]) });
    const [image] = await gray.get(3);
    expect(image.shape).toEqual([1, 64, 64]);
    expect(image.data).toBeInstanceOf(Float32Array);
  });

  it('loads batches through a DataLoader', async () => {
    const val = new ImageFolder(join(PLANTS, 'val'), { transform: new ToFloat() });
    const loader = new DataLoader(val, { batchSize: 8, shuffle: true, seed: 0 });
    for await (const [x, y] of loader) {
      expect(x.shape).toEqual([8, 3, 96, 96]);
      expect(y.dtype).toBe('int32');
      expect(Math.max(...(y.dataSync() as Int32Array))).toBeLessThan(12);
      x.dispose();
      y.dispose();
      break;
    }
  });
});

describe('ImageFolder on a made-up folder', () => {
  async function folder(): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), 'pistil-folder-'));
    for (const cls of ['dog', 'cat', '.hidden']) mkdirSync(join(root, cls));
    mkdirSync(join(root, 'cat', 'nested'));
    const png = (r: number, g: number, b: number, channels: 3 | 4 = 3): Promise<Buffer> =>
      sharp(Buffer.from(Array.from({ length: 6 }, () => (channels === 3 ? [r, g, b] : [r, g, b, 128])).flat()), { raw: { width: 3, height: 2, channels } }).png().toBuffer();
    writeFileSync(join(root, 'cat', 'b.PNG'), await png(10, 20, 30));
    writeFileSync(join(root, 'cat', 'a.png'), await png(1, 2, 3, 4));
    writeFileSync(join(root, 'cat', 'nested', 'c.png'), await png(4, 5, 6));
    writeFileSync(join(root, 'cat', 'notes.txt'), 'not an image');
    writeFileSync(join(root, 'dog', 'd.png'), await png(7, 8, 9));
    writeFileSync(join(root, 'dog', '.DS_Store'), 'junk');
    return root;
  }

  it('sorts classes, skips hidden entries and other extensions, walks sub-folders, drops alpha', async () => {
    const root = await folder();
    const ds = new ImageFolder(root);
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.samples).toEqual([[join(root, 'cat', 'a.png'), 0], [join(root, 'cat', 'b.PNG'), 0], [join(root, 'cat', 'nested', 'c.png'), 0], [join(root, 'dog', 'd.png'), 1]]);
    const [image, label] = await ds.get(0);
    expect(label).toBe(0);
    expect(image.shape).toEqual([3, 2, 3]);
    expect(Array.from(image.data)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
    expect(new ImageFolder(root, { extensions: ['txt', '.PNG'] }).samples.map(([p]) => p)).toContain(join(root, 'cat', 'notes.txt'));
  });

  it("a text file named bad.jpg is a FormatError naming it, also through the DataLoader", async () => {
    const root = await folder();
    const bad = join(root, 'dog', 'bad.jpg');
    writeFileSync(bad, 'this is text, not a JPEG');
    const ds = new ImageFolder(root);
    const index = ds.samples.findIndex(([p]) => p === bad);
    await expect(ds.get(index)).rejects.toBeInstanceOf(FormatError);
    await expect(ds.get(index)).rejects.toThrow(`${bad}: cannot decode image: Input file contains unsupported image format`);
    const loader = new DataLoader(ds, { batchSize: 2 });
    const err = await (async () => {
      for await (const [x, y] of loader) {
        x.dispose();
        y.dispose();
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SampleError);
    expect((err as SampleError).message).toContain(`dataset index ${index}`);
    expect((err as SampleError).message).toContain(bad);
    expect((err as SampleError).cause).toBeInstanceOf(FormatError);
  });

  it('a missing root, a root without class folders, or an empty class are FormatErrors', async () => {
    const nowhere = join(tmpdir(), 'pistil-no-such-dir');
    expect(() => new ImageFolder(nowhere)).toThrow(FormatError);
    expect(() => new ImageFolder(nowhere)).toThrow(`ImageFolder: cannot list ${nowhere}: no such directory`);
    const flat = mkdtempSync(join(tmpdir(), 'pistil-flat-'));
    writeFileSync(join(flat, 'x.png'), '');
    expect(() => new ImageFolder(flat)).toThrow(new FormatError(`ImageFolder: ${flat} has no class folders (expected root/<class>/<image>)`));
    const root = await folder();
    mkdirSync(join(root, 'emu'));
    expect(() => new ImageFolder(root)).toThrow(/^ImageFolder: no image files in .*emu \(extensions: \.jpg \.jpeg \.png/);
  });

  it('decodeImage: a truncated PNG is a FormatError naming the file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pistil-trunc-'));
    const good = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer();
    const path = join(root, 'half.png');
    writeFileSync(path, good.subarray(0, good.length >> 1));
    await expect(decodeImage(path)).rejects.toThrow(FormatError);
    await expect(decodeImage(path)).rejects.toThrow(new RegExp(`^${path}: cannot decode image: `));
  });
});

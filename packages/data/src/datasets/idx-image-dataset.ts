import { FormatError } from '@pistil/nn';
import { DatasetBase, checkIndex, generatorOf } from '../dataset/dataset.js';
import type { SampleContext } from '../dataset/dataset.js';
import type { HostImage } from '../image.js';
import type { IdxArray } from '../idx/read-idx.js';
import type { Transform } from '../transforms/transform.js';
import { loadIdxFile } from './idx-source.js';

export interface IdxImageOptions {
  /** Applied to each image when fetched (random ones draw from the sample's generator). */
  transform?: Transform;
  /** Applied to each label when fetched. */
  targetTransform?: (label: number) => number;
}

export interface IdxImageLoadOptions extends IdxImageOptions {
  /** A directory with the four IDX files (plain or `.gz`), or an `http(s)://` base URL. */
  root?: string;
  /** The 60,000-image training set (default) or the 10,000-image test set. */
  train?: boolean;
  /** With a URL root: a directory to keep downloaded files in and to reuse them from. */
  cacheDir?: string;
  /** Largest file accepted, compressed or not, in bytes (default 2 GiB − 1). */
  maxBytes?: number;
}

/** How one IDX image dataset (MNIST, Fashion-MNIST) is named and found. */
export interface IdxImageSpec {
  readonly name: string;
  readonly classes: readonly string[];
  /** How to get the files, for "not found" errors. */
  readonly hint: string;
}

/**
 * Images and labels from a pair of IDX files (uint8 [N, H, W] and uint8 [N]). Samples are
 * `[{ data: Uint8Array(H·W), shape: [1, H, W] }, label]` before transforms.
 */
export class IdxImageDataset extends DatasetBase<[HostImage, number]> {
  /** All images, [N, H, W] uint8, row-major. */
  readonly images: Uint8Array;
  /** The label of each image. */
  readonly targets: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly length: number;
  readonly transform: Transform | undefined;
  readonly targetTransform: ((label: number) => number) | undefined;

  constructor(
    readonly spec: IdxImageSpec,
    images: IdxArray,
    labels: IdxArray,
    options: IdxImageOptions = {},
  ) {
    super();
    const name = spec.name;
    if (images.dtype !== 'uint8' || images.shape.length !== 3)
      throw new FormatError(`${name}: images must be uint8 [N, H, W], got ${images.dtype} [${images.shape.join(', ')}]`);
    if (labels.dtype !== 'uint8' || labels.shape.length !== 1)
      throw new FormatError(`${name}: labels must be uint8 [N], got ${labels.dtype} [${labels.shape.join(', ')}]`);
    if (labels.shape[0] !== images.shape[0]) throw new FormatError(`${name}: ${images.shape[0]} images but ${labels.shape[0]} labels`);
    const targets = labels.data as Uint8Array;
    const bad = targets.findIndex((l) => l >= spec.classes.length);
    if (bad >= 0) throw new FormatError(`${name}: label ${bad} is ${targets[bad]}, but there are only ${spec.classes.length} classes`);
    this.images = images.data as Uint8Array;
    this.targets = targets;
    [this.length, this.height, this.width] = images.shape as [number, number, number];
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
  }

  /** Class names; a label is an index into this list. */
  get classes(): readonly string[] {
    return this.spec.classes;
  }

  get(index: number, context?: SampleContext): [HostImage, number] {
    checkIndex(this.spec.name, index, this.length);
    const size = this.height * this.width;
    let image: HostImage = { data: this.images.slice(index * size, (index + 1) * size), shape: [1, this.height, this.width] };
    if (this.transform) image = this.transform.apply(image, generatorOf(context));
    const label = this.targets[index]!;
    return [image, this.targetTransform ? this.targetTransform(label) : label];
  }
}

/** Reads the image and label files of the training or test split. */
export async function loadIdxPair(spec: IdxImageSpec, root: string, options: IdxImageLoadOptions): Promise<[IdxArray, IdxArray]> {
  const prefix = options.train === false ? 't10k' : 'train';
  const source = { root, cacheDir: options.cacheDir, maxBytes: options.maxBytes };
  return Promise.all([
    loadIdxFile(spec.name, `${prefix}-images-idx3-ubyte`, source, spec.hint),
    loadIdxFile(spec.name, `${prefix}-labels-idx1-ubyte`, source, spec.hint),
  ]);
}

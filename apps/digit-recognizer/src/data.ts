import { Compose, DataLoader, ElasticDistortion, MNIST, Normalize, Pad, RandomAffine, RandomApply, Subset, ToFloat, randomSplit } from '@pistil/data';
import type { Dataset, HostImage, Transform } from '@pistil/data';
import { Generator } from '@pistil/nn';
import type { ModelName } from './models/index.js';

export const AUGMENTATIONS = ['none', 'affine', 'elastic'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];

/** How pixels in [0, 1] are mapped before the network, saved with the model so predict matches. */
export interface Normalization {
  mean: number;
  std: number;
  /** Zero-padding on each side (LeNet-5 reads 32×32: MNIST's 28×28 plus 2). */
  pad: number;
}

/**
 * The modern LeNet uses MNIST's mean and std. LeNet-5 follows the paper: background −0.1,
 * foreground 1.175 (mean ≈ 0, variance ≈ 1), i.e. x·1.275 − 0.1, on a 32×32 field.
 */
export function normalizationFor(model: ModelName): Normalization {
  return model === 'lenet5' ? { mean: 0.1 / 1.275, std: 1 / 1.275, pad: 2 } : { mean: 0.1307, std: 0.3081, pad: 0 };
}

/**
 * LeNet-5's "artificial distortions" (LeCun et al. 1998, §III.B): small random translations,
 * scalings, squeezes and shears; or Simard et al.'s elastic distortions on top of them.
 */
function augmentation(kind: Augmentation): Transform[] {
  const affine = new RandomAffine({ degrees: 0, translate: [2 / 28, 2 / 28], scale: [0.9, 1.1], shear: [-15, 15, -5, 5], fill: 0 });
  if (kind === 'affine') return [affine];
  if (kind === 'elastic') return [new RandomApply([new ElasticDistortion({ alpha: 34, sigma: 4 })], 0.5), affine];
  return [];
}

export function preprocessing(norm: Normalization, augment: Augmentation = 'none'): Transform {
  return new Compose([
    new ToFloat(),
    ...augmentation(augment),
    ...(norm.pad > 0 ? [new Pad(norm.pad)] : []),
    new Normalize(norm.mean, norm.std),
  ]);
}

export interface TrainData {
  train: DataLoader<[HostImage, number]>;
  val: DataLoader<[HostImage, number]>;
  trainSize: number;
  valSize: number;
}

/** MNIST's training set split into train/validation (seeded), with augmentation on train only. */
export async function trainingData(opts: { model: ModelName; augment: Augmentation; batchSize: number; valSize: number; limit?: number; seed: number; root?: string }): Promise<TrainData> {
  const norm = normalizationFor(opts.model);
  // Read once; the training view is augmented, the validation view is not.
  const mnist = await MNIST.load({ root: opts.root, train: true });
  const view = (t: Transform) => mnist.map(([image, label], g): [HostImage, number] => [t.apply(image, g), label]);
  const augmented = view(preprocessing(norm, opts.augment));
  const plain = view(preprocessing(norm));
  const total = opts.limit ? Math.min(opts.limit, mnist.length) : mnist.length;
  if (opts.valSize >= total) throw new RangeError(`--val-size ${opts.valSize} leaves no training images out of ${total}`);
  // One seeded split; the validation images are read without augmentation. Indices into the
  // first `total` images are indices into MNIST itself.
  const [train, heldOut] = randomSplit(new Subset(augmented, [...Array(total).keys()]), [total - opts.valSize, opts.valSize], new Generator(opts.seed));
  const val = new Subset(plain, heldOut!.indices);
  return {
    train: new DataLoader(train!, { batchSize: opts.batchSize, shuffle: true, seed: opts.seed }),
    val: new DataLoader(val, { batchSize: 500 }),
    trainSize: train!.length,
    valSize: val.length,
  };
}

/** The 10,000 MNIST test images, preprocessed for `model`. */
export async function testData(model: ModelName, batchSize = 500, root?: string): Promise<{ dataset: Dataset<[HostImage, number]>; loader: DataLoader<[HostImage, number]> }> {
  const dataset = await MNIST.load({ root, train: false, transform: preprocessing(normalizationFor(model)) });
  return { dataset, loader: new DataLoader(dataset, { batchSize }) };
}

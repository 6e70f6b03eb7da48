import { noGrad, tensor, tidy } from '@pistil/nn';
import { loadModel } from '../model-io.js';
import { mnistLike } from '../preprocess.js';

export interface Prediction {
  file: string;
  digit: number;
  confidence: number;
  probabilities: number[];
}

/** Classifies picture files of digits (any size or colours) with a saved model. */
export async function predict(dir: string, files: readonly string[]): Promise<Prediction[]> {
  if (files.length === 0) throw new RangeError('predict: give at least one image file');
  const { model, config } = await loadModel(dir);
  try {
    const out: Prediction[] = [];
    for (const file of files) {
      const { data, side } = await mnistLike(file, config.normalization);
      const probabilities = Array.from(noGrad(() => tidy(() => model.forward(tensor(data, { shape: [1, 1, side, side] })).softmax(1).dataSync())));
      const digit = probabilities.indexOf(Math.max(...probabilities));
      out.push({ file, digit, confidence: probabilities[digit]!, probabilities });
    }
    return out;
  } finally {
    model.dispose();
  }
}

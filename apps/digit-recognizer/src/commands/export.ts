import { zeros } from '@pistil/nn';
import { saveOnnx } from '@pistil/onnx/node';
import { join } from 'node:path';
import { loadModel } from '../model-io.js';
import { inputSize } from '../models/index.js';

/**
 * Writes `<dir>/model.onnx` for other runtimes (onnxruntime, the web page): input 'image'
 * [batch, 1, S, S] normalized as `<dir>/model.json` says, output 'logits' [batch, 10].
 */
export async function exportModel(dir: string, options: { opset?: number } = {}): Promise<string> {
  const { model, config } = await loadModel(dir);
  const size = inputSize(config.model);
  const sample = zeros([1, 1, size, size]);
  const path = join(dir, 'model.onnx');
  try {
    await saveOnnx(path, model, sample, { opset: options.opset, inputNames: ['image'], outputNames: ['logits'] });
  } finally {
    sample.dispose();
    model.dispose();
  }
  return path;
}

import { noGrad, tidy } from '@pistil/nn';
import { ConfusionMatrix } from '@pistil/train';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testData } from '../data.js';
import { loadModel } from '../model-io.js';
import { confusionChart } from '../render/confusion-chart.js';
import { imageGrid } from '../render/image-grid.js';
import { svgToPng } from '../render/png.js';

export interface EvalResult {
  accuracy: number;
  errors: number;
  samples: number;
  perClassAccuracy: number[];
  confusion: number[][];
}

interface Mistake {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
}

/**
 * Evaluates a saved model on the 10,000 MNIST test images: accuracy, per-class accuracy, the
 * confusion matrix (confusion.png) and the most confident mistakes (mistakes.png), in `dir`.
 */
export async function evaluateModel(dir: string, options: { root?: string; worst?: number } = {}): Promise<EvalResult> {
  const { model, config } = await loadModel(dir);
  const { dataset, loader } = await testData(config.model, 500, options.root);
  const confusion = new ConfusionMatrix(10, { labels: config.classes });
  const mistakes: Mistake[] = [];
  let offset = 0;
  for await (const [x, y] of loader) {
    noGrad(() => tidy(() => {
      const logits = model.forward(x);
      confusion.update(logits, y);
      const probs = logits.softmax(1).dataSync();
      const labels = y.dataSync();
      for (let i = 0; i < labels.length; i++) {
        const row = probs.subarray(i * 10, i * 10 + 10);
        let best = 0;
        for (let k = 1; k < 10; k++) if (row[k]! > row[best]!) best = k;
        if (best !== labels[i]) mistakes.push({ index: offset + i, label: labels[i]!, predicted: best, confidence: row[best]! });
      }
      offset += labels.length;
    }));
    x.dispose();
    y.dispose();
  }
  model.dispose();
  const matrix = confusion.matrix;
  const correct = matrix.reduce((s, row, i) => s + row[i]!, 0);
  const result: EvalResult = {
    accuracy: correct / offset,
    errors: offset - correct,
    samples: offset,
    perClassAccuracy: confusion.perClassAccuracy(),
    confusion: matrix,
  };
  await svgToPng(confusionChart(matrix, config.classes, `MNIST test: ${(100 * result.accuracy).toFixed(2)}% correct, ${result.errors} errors`), join(dir, 'confusion.png'));
  const worst = mistakes.sort((a, b) => b.confidence - a.confidence).slice(0, options.worst ?? 40);
  if (worst.length > 0) {
    const images = await Promise.all(worst.map(async (m) => {
      // The normalised image; the grid stretches each one to black…white.
      const [image] = await dataset.get(m.index);
      const side = image.shape[2];
      return { pixels: image.data, width: side, height: side, caption: `${m.label}→${m.predicted} ${(100 * m.confidence).toFixed(0)}%` };
    }));
    await imageGrid(images, join(dir, 'mistakes.png'), { columns: 10, scale: 2, title: 'most confident mistakes (true→predicted, confidence)' });
  }
  await writeFile(join(dir, 'eval.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

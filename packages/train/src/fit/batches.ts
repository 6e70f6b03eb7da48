import { ShapeError, Tensor } from '@pistil/nn';
import type { Batch, BatchSource, LossFn, TrainableModel } from '../types.js';

/** Checks one yielded batch: an `[input, target]` pair of live tensors. */
export function checkBatch(batch: unknown, source: string, index: number): Batch {
  if (!Array.isArray(batch) || batch.length !== 2 || !(batch[0] instanceof Tensor) || !(batch[1] instanceof Tensor))
    throw new TypeError(`${source} must yield [input, target] pairs of Tensors; batch ${index} is ${describe(batch)}`);
  const [x, y] = batch as [Tensor, Tensor];
  if (x.isDisposed || y.isDisposed)
    throw new TypeError(`${source} yielded a disposed tensor in batch ${index}; fit disposes each batch after use, so every pass must yield fresh tensors (a DataLoader does)`);
  return [x, y];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v === null ? 'null' : typeof v === 'object' ? `a ${v.constructor?.name ?? 'plain'} object` : `a ${typeof v}`;
}

/** The model's output: `call` (forward hooks included) when the model has it, else `forward`. */
export function runModel(model: TrainableModel, x: Tensor): Tensor {
  return model.call ? model.call(x) : model.forward(x);
}

/** The loss as a scalar tensor; a loss of any other shape is an error naming it. */
export function computeLoss(lossFn: LossFn, output: Tensor, target: Tensor): Tensor {
  const loss = typeof lossFn === 'function' ? lossFn(output, target) : lossFn.forward(output, target);
  if (!(loss instanceof Tensor)) throw new TypeError(`lossFn must return a Tensor, got ${describe(loss)}`);
  if (loss.size !== 1) throw new ShapeError(`lossFn must return a scalar, got ${loss.describe()}; use reduction 'mean' or 'sum'`);
  return loss;
}

/** Whether batch accuracy applies: float scores [N, C, …] for integer class targets [N, …]. */
export function isClassification(output: Tensor, target: Tensor): boolean {
  return (target.dtype === 'int32' || target.dtype === 'uint8') && (output.dtype === 'float32' || output.dtype === 'float64') && output.rank === target.rank + 1;
}

/** Iterates a batch source, sync or async, numbering the batches from 1; `name` (e.g. 'fit: trainData') leads errors. */
export async function* batchesOf(source: BatchSource, name: string): AsyncGenerator<{ batch: Batch; index: number }> {
  if (source === null || typeof source !== 'object' || (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source)))
    throw new TypeError(`${name} must be an iterable or async iterable of [input, target] batches (a DataLoader), got ${describe(source)}`);
  let index = 0;
  for await (const batch of source) {
    index++;
    yield { batch: checkBatch(batch, name, index), index };
  }
  if (index === 0) throw new RangeError(`${name} yielded no batches`);
}

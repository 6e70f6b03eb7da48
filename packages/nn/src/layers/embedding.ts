import { ShapeError, fmtShape } from '@pistil/backend';
import { arange, zeros } from '../creation.js';
import { tidy } from '../engine.js';
import { fillWith, normal_ } from '../init/fill.js';
import { Module } from '../module/module.js';
import { parameter } from '../module/marks.js';
import { detach } from '../ops/detach.js';
import { eq } from '../ops/eq.js';
import { indexSelect } from '../ops/index-select.js';
import { Temps } from '../ops/linalg-util.js';
import { recording } from '../ops/math-util.js';
import { reshape } from '../ops/reshape.js';
import { requireDType, requireFloat } from '../ops/util.js';
import { where } from '../ops/where.js';
import type { Tensor } from '../tensor.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';

export interface EmbeddingOptions {
  /** This row gets no gradient (and starts at zeros in the layer): the "padding" token. Negative counts from the end. */
  paddingIdx?: number | null;
}

/** paddingIdx as a row in [0, num), or null. */
function paddingRow(op: string, paddingIdx: number | null | undefined, num: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -num || paddingIdx >= num) throw new RangeError(`${op}: paddingIdx must be an integer in [-${num}, ${num}), got ${paddingIdx}`);
  return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
}

/**
 * Looks up rows of `weight` [num, dim] for the int32 indices `input` (any shape) → [...input.shape,
 * dim], as `F.embedding`, by a gather. Indices outside [0, num) are an error. The paddingIdx row
 * gets no gradient.
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  requireDType(op, input, ['int32']);
  requireFloat(op, weight);
  if (weight.rank !== 2) throw new ShapeError(`${op}: weight must be [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  const [num, dim] = weight.shape as [number, number];
  const pad = paddingRow(op, options.paddingIdx, num);
  const temps = new Temps();
  const flat = temps.add(reshape(input, [-1]));
  let rows = indexSelect(weight, 0, flat);
  if (pad !== null && recording([weight])) {
    // Same values; the padding positions take them from a detached copy, so no gradient reaches that row.
    const mask = temps.add(reshape(temps.add(eq(flat, pad)), [-1, 1]));
    rows = where(mask, temps.add(detach(rows)), temps.add(rows));
  }
  return temps.finish(reshape(temps.add(rows), [...input.shape, dim]));
}

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, as `nn.Embedding`; weight starts N(0, 1). */
export class Embedding extends Module {
  /** [numEmbeddings, embeddingDim] */
  weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions & FactoryOptions = {}) {
    super();
    intArg('Embedding', 'numEmbeddings', numEmbeddings);
    intArg('Embedding', 'embeddingDim', embeddingDim);
    this.paddingIdx = paddingRow('Embedding', options.paddingIdx, numEmbeddings);
    this.weight = parameter(zeros([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32', device: options.device }));
    this.resetParameters();
  }

  /** An Embedding holding `weights` [num, dim] (taken over, not copied); frozen unless `freeze: false`. */
  static fromPretrained(weights: Tensor, options: EmbeddingOptions & { freeze?: boolean } = {}): Embedding {
    if (weights.rank !== 2) throw new ShapeError(`Embedding.fromPretrained: weights must be [numEmbeddings, embeddingDim], got ${fmtShape(weights.shape)}`);
    requireFloat('Embedding.fromPretrained', weights);
    const e = new Embedding(weights.shape[0]!, weights.shape[1]!, { paddingIdx: options.paddingIdx, dtype: weights.dtype as 'float32' | 'float64', device: weights.device });
    e.weight.dispose();
    e.weight = parameter(weights.isLeaf ? weights : detach(weights), !(options.freeze ?? true));
    return e;
  }

  /** N(0, 1), with the padding row zeroed, as PyTorch. */
  resetParameters(): void {
    normal_(this.weight);
    const pad = this.paddingIdx;
    if (pad === null) return;
    const ids = (): Tensor => arange(this.numEmbeddings, undefined, 1, { device: this.weight.device });
    fillWith(this.weight, () => tidy(() => where(reshape(eq(ids(), pad), [-1, 1]), 0, this.weight)));
  }

  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ''}`;
  }
}

import { ShapeError, fmtShape } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { ones, zeros } from '../creation.js';
import { tidy } from '../engine.js';
import { ones_, zeros_ } from '../init/fill.js';
import { Module } from '../module/module.js';
import { buffer, parameter } from '../module/marks.js';
import { add } from '../ops/add.js';
import type { Tensor } from '../tensor.js';
import { batchNorm } from './batch-norm-fn.js';
import { intArg } from './factory.js';
import type { FactoryOptions } from './factory.js';
import { layerNorm, normalizedShapeOf } from './layer-norm-fn.js';

export interface BatchNormLayerOptions extends FactoryOptions {
  eps?: number;
  /** Weight of each new batch in the running statistics (default 0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learnable per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); false: always the batch's statistics. */
  trackRunningStats?: boolean;
}

/** The shared body of BatchNorm1d/2d, as PyTorch's `_BatchNorm`. */
abstract class BatchNormBase extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  /** Batches seen in train mode (int32; PyTorch: int64). */
  numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;

  constructor(readonly numFeatures: number, options: BatchNormLayerOptions, op: string) {
    super();
    intArg(op, 'numFeatures', numFeatures);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (!(this.eps > 0)) throw new RangeError(`${op}: eps must be positive, got ${this.eps}`);
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`${op}: momentum must be in [0, 1] or null, got ${this.momentum}`);
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    this.weight = this.affine ? parameter(ones([numFeatures], factory)) : null;
    this.bias = this.affine ? parameter(zeros([numFeatures], factory)) : null;
    this.runningMean = this.trackRunningStats ? buffer(zeros([numFeatures], factory)) : null;
    this.runningVar = this.trackRunningStats ? buffer(ones([numFeatures], factory)) : null;
    this.numBatchesTracked = this.trackRunningStats ? buffer(zeros([], { dtype: 'int32', device: options.device })) : null;
  }

  /** Checks the input's rank (BatchNorm1d: 2 or 3, BatchNorm2d: 4). */
  protected abstract checkInput(x: Tensor): void;

  /** Running mean 0, variance 1, no batches seen. */
  resetRunningStats(): void {
    if (this.runningMean) zeros_(this.runningMean);
    if (this.runningVar) ones_(this.runningVar);
    if (this.numBatchesTracked) zeros_(this.numBatchesTracked);
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    if (x.shape[1] !== this.numFeatures) throw new ShapeError(`${this.constructor.name}: expected ${this.numFeatures} channels (dim 1), got input ${fmtShape(x.shape)}`);
    const nbt = this.numBatchesTracked;
    // momentum null: a cumulative moving average, the new batch weighted 1/(batches seen).
    const momentum = this.momentum ?? (this.training && nbt ? 1 / (nbt.item() + 1) : 0);
    // Train mode, or no running statistics to use: normalise by the batch's (as PyTorch).
    const y = batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight, bias: this.bias, training: this.training || !this.trackRunningStats, momentum, eps: this.eps,
    });
    if (this.training && nbt) noGrad(() => tidy(() => nbt.assign(add(nbt, 1))));
    return y;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** Batch normalisation of x [N, C] or [N, C, L] over the batch (and length), as `nn.BatchNorm1d`. */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super(numFeatures, options, 'BatchNorm1d');
  }

  protected checkInput(x: Tensor): void {
    if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(`BatchNorm1d: expected input [N, C] or [N, C, L], got ${fmtShape(x.shape)}`);
  }
}

/** Batch normalisation of x [N, C, H, W] per channel, as `nn.BatchNorm2d`. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super(numFeatures, options, 'BatchNorm2d');
  }

  protected checkInput(x: Tensor): void {
    if (x.rank !== 4) throw new ShapeError(`BatchNorm2d: expected input [N, C, H, W], got ${fmtShape(x.shape)}`);
  }
}

export interface LayerNormLayerOptions extends FactoryOptions {
  eps?: number;
  /** Learnable elementwise weight (ones) and bias (zeros) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also a bias (default true). */
  bias?: boolean;
}

/** Normalises each sample over its last dims (= normalizedShape), as `nn.LayerNorm`. */
export class LayerNorm extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  readonly normalizedShape: number[];
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    this.normalizedShape = normalizedShapeOf('LayerNorm', normalizedShape);
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps > 0)) throw new RangeError(`LayerNorm: eps must be positive, got ${this.eps}`);
    const factory = { dtype: options.dtype ?? 'float32', device: options.device };
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? parameter(ones(this.normalizedShape, factory)) : null;
    this.bias = affine && (options.bias ?? true) ? parameter(zeros(this.normalizedShape, factory)) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${JSON.stringify(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}

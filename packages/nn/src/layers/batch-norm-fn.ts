import { ShapeError, fmtShape } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { tidy } from '../engine.js';
import { add } from '../ops/add.js';
import { Temps } from '../ops/linalg-util.js';
import { mean } from '../ops/mean.js';
import { mul } from '../ops/mul.js';
import { reshape } from '../ops/reshape.js';
import { rsqrt } from '../ops/rsqrt.js';
import { sub } from '../ops/sub.js';
import { requireFloat } from '../ops/util.js';
import { variance } from '../ops/variance.js';
import type { Tensor } from '../tensor.js';

export interface BatchNormOptions {
  /** Per-channel scale γ [C]. */
  weight?: Tensor | null;
  /** Per-channel shift β [C]. */
  bias?: Tensor | null;
  /** Normalise with the batch's statistics (and update the running ones); default false. */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  eps?: number;
}

function checkChannelVector(op: string, name: string, t: Tensor | null | undefined, c: number): void {
  if (t && (t.rank !== 1 || t.shape[0] !== c)) throw new ShapeError(`${op}: ${name} must have shape [${c}], got ${fmtShape(t.shape)}`);
}

/**
 * Batch normalisation over channel dim 1 of x [N, C, …], as `F.batch_norm`. Training: normalise
 * by the batch mean and biased variance over every dim but 1 (autograd goes through both), and,
 * when given, update `runningMean`/`runningVar` in place (by `assign`) with the unbiased variance:
 * r ← (1 − momentum)·r + momentum·batch. Otherwise normalise by the running statistics.
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const op = 'batchNorm';
  requireFloat(op, x);
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (x.rank < 2) throw new ShapeError(`${op}: input must be [N, C, …], got ${fmtShape(x.shape)}`);
  const c = x.shape[1]!;
  for (const [name, t] of [['weight', weight], ['bias', bias], ['runningMean', runningMean], ['runningVar', runningVar]] as const) checkChannelVector(op, name, t, c);
  if (!(eps > 0)) throw new RangeError(`${op}: eps must be positive, got ${eps}`);
  if (!(momentum >= 0 && momentum <= 1)) throw new RangeError(`${op}: momentum must be in [0, 1], got ${momentum}`);
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const perChannel = x.shape.map((d, i) => (i === 1 ? d : 1));
  // Intermediates are freed at once when nothing records them (inference outside tidy).
  const temps = new Temps();
  let centered: Tensor;
  let invStd: Tensor;
  if (training) {
    const n = x.size / c;
    if (n <= 1) throw new ShapeError(`${op}: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`);
    const batchMean = temps.add(mean(x, axes, true));
    const batchVar = temps.add(variance(x, axes, { correction: 0, keepdim: true }));
    if (runningMean && runningVar) {
      noGrad(() => tidy(() => {
        runningMean.assign(add(mul(runningMean, 1 - momentum), mul(reshape(batchMean, [c]), momentum)).cast(runningMean.dtype));
        runningVar.assign(add(mul(runningVar, 1 - momentum), mul(reshape(batchVar, [c]), (momentum * n) / (n - 1))).cast(runningVar.dtype));
      }));
    }
    centered = temps.add(sub(x, batchMean));
    invStd = temps.add(rsqrt(temps.add(add(batchVar, eps))));
  } else {
    if (!runningMean || !runningVar) throw new TypeError(`${op}: evaluation (training: false) needs runningMean and runningVar`);
    centered = temps.add(sub(x, temps.add(reshape(runningMean, perChannel))));
    invStd = temps.add(rsqrt(temps.add(add(temps.add(reshape(runningVar, perChannel)), eps))));
  }
  let y = mul(centered, invStd);
  if (weight) y = mul(temps.add(y), temps.add(reshape(weight, perChannel)));
  if (bias) y = add(temps.add(y), temps.add(reshape(bias, perChannel)));
  return temps.finish(y);
}

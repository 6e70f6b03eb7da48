import { Tensor, maximum, zerosLike } from '@pistil/nn';
import { checkBoolean, checkInRange, checkNonNegative } from './check.js';
import { Optimizer } from './optimizer.js';
import { resolveOptions } from './param-groups.js';
import type { OptimizerOptions, ParamGroup, ParamState, ParamsInput, StateSpec } from './types.js';

export interface AdamOptions extends OptimizerOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the first and second moment estimates, each in [0, 1) (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay λ: an L2 penalty added to the gradient in Adam, decoupled in AdamW. */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad; default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export const ADAM_DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/**
 * The Adam update, shared by `Adam` (L2 weight decay added to the gradient) and `AdamW` (decoupled):
 * g ← ∇ (negated when maximizing), + λθ for Adam; θ ← θ·(1 − γλ) for AdamW; m ← β1·m + (1−β1)g;
 * v ← β2·v + (1−β2)g²; with AMSGrad v̄ ← max(v̄, v) replaces v below;
 * θ ← θ − γ·(m/(1−β1ᵗ)) / (√v/√(1−β2ᵗ) + ε). State: `step`, `expAvg`, `expAvgSq`, `maxExpAvgSq`.
 */
export abstract class AdamBase extends Optimizer<AdamOptions> {
  protected readonly stateSpec: StateSpec = { step: 'number', expAvg: 'tensor', expAvgSq: 'tensor', maxExpAvgSq: 'tensor' };
  private readonly decoupledWeightDecay: boolean;

  protected constructor(name: string, params: ParamsInput<AdamOptions>, options: Partial<AdamOptions>, defaults: AdamOptions, decoupledWeightDecay: boolean) {
    super(name, params, resolveOptions(name, defaults, options));
    this.decoupledWeightDecay = decoupledWeightDecay;
  }

  protected validateOptions(o: AdamOptions, where: string): void {
    checkNonNegative(where, 'lr', o.lr);
    if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new TypeError(`${where}: betas must be a pair [beta1, beta2], got ${JSON.stringify(o.betas)}`);
    checkInRange(where, 'betas[0]', o.betas[0], 0, 1);
    checkInRange(where, 'betas[1]', o.betas[1], 0, 1);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkBoolean(where, 'amsgrad', o.amsgrad);
    checkBoolean(where, 'maximize', o.maximize);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>, state: ParamState): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = betas;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (this.decoupledWeightDecay) p.assign(p.mul(1 - lr * weightDecay));
      else g = g.add(p.mul(weightDecay));
    }
    const step = this.nextStep(state);
    const m = this.buffer(state, 'expAvg', () => zerosLike(p));
    const v = this.buffer(state, 'expAvgSq', () => zerosLike(p));
    m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
    v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
    let second = v;
    if (amsgrad) {
      const vMax = this.buffer(state, 'maxExpAvgSq', () => zerosLike(p));
      second = vMax.assign(maximum(vMax, v));
    }
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
    p.assign(p.sub(m.div(denom).mul(lr / biasCorrection1)));
  }
}

/** Adam, as `torch.optim.Adam` (weight decay as an L2 penalty added to the gradient). */
export class Adam extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, options, ADAM_DEFAULTS, false);
  }
}

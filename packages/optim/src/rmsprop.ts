import { Tensor, zerosLike } from '@pistil/nn';
import { checkBoolean, checkNonNegative } from './check.js';
import { Optimizer } from './optimizer.js';
import { resolveOptions } from './param-groups.js';
import type { OptimizerOptions, ParamGroup, ParamState, ParamsInput, StateSpec } from './types.js';

export interface RMSpropOptions extends OptimizerOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

/**
 * RMSprop, as `torch.optim.RMSprop`: g ← ∇ (negated when maximizing) + λθ; v ← αv + (1−α)g²;
 * centered: ḡ ← αḡ + (1−α)g and v̂ = v − ḡ², else v̂ = v; with momentum b ← μb + g/(√v̂ + ε),
 * θ ← θ − γb, else θ ← θ − γg/(√v̂ + ε). State: `step`, `squareAvg`, `gradAvg`, `momentumBuffer`.
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  protected readonly stateSpec: StateSpec = { step: 'number', squareAvg: 'tensor', gradAvg: 'tensor', momentumBuffer: 'tensor' };

  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, resolveOptions('RMSprop', DEFAULTS, options));
  }

  protected validateOptions(o: RMSpropOptions, where: string): void {
    checkNonNegative(where, 'lr', o.lr);
    checkNonNegative(where, 'alpha', o.alpha);
    checkNonNegative(where, 'eps', o.eps);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkNonNegative(where, 'momentum', o.momentum);
    checkBoolean(where, 'centered', o.centered);
    checkBoolean(where, 'maximize', o.maximize);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<RMSpropOptions>, state: ParamState): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p.mul(weightDecay));
    this.nextStep(state);
    const squareAvg = this.buffer(state, 'squareAvg', () => zerosLike(p));
    squareAvg.assign(squareAvg.mul(alpha).add(g.square().mul(1 - alpha)));
    let variance = squareAvg;
    if (centered) {
      const gradAvg = this.buffer(state, 'gradAvg', () => zerosLike(p));
      gradAvg.assign(gradAvg.mul(alpha).add(g.mul(1 - alpha)));
      variance = squareAvg.sub(gradAvg.square());
    }
    const scaled = g.div(variance.sqrt().add(eps));
    if (momentum > 0) {
      const buf = this.buffer(state, 'momentumBuffer', () => zerosLike(p));
      buf.assign(buf.mul(momentum).add(scaled));
      p.assign(p.sub(buf.mul(lr)));
    } else {
      p.assign(p.sub(scaled.mul(lr)));
    }
  }
}

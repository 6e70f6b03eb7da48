import { Tensor, fullLike } from '@pistil/nn';
import { checkBoolean, checkNonNegative } from './check.js';
import { Optimizer } from './optimizer.js';
import { resolveOptions } from './param-groups.js';
import type { OptimizerOptions, ParamGroup, ParamState, ParamsInput, StateSpec } from './types.js';

export interface AdagradOptions extends OptimizerOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Learning-rate decay η: step t uses γ/(1 + (t−1)η) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

/**
 * Adagrad, as `torch.optim.Adagrad`: g ← ∇ (negated when maximizing) + λθ; γ̃ = γ/(1 + (t−1)η);
 * s ← s + g²; θ ← θ − γ̃·g/(√s + ε). State: `step`, `sum` (starting at initialAccumulatorValue).
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  protected readonly stateSpec: StateSpec = { step: 'number', sum: 'tensor' };

  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, resolveOptions('Adagrad', DEFAULTS, options));
  }

  protected validateOptions(o: AdagradOptions, where: string): void {
    checkNonNegative(where, 'lr', o.lr);
    checkNonNegative(where, 'lrDecay', o.lrDecay);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkNonNegative(where, 'initialAccumulatorValue', o.initialAccumulatorValue);
    checkNonNegative(where, 'eps', o.eps);
    checkBoolean(where, 'maximize', o.maximize);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<AdagradOptions>, state: ParamState): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(p.mul(weightDecay));
    const step = this.nextStep(state);
    const clr = lr / (1 + (step - 1) * lrDecay);
    const sum = this.buffer(state, 'sum', () => fullLike(p, initialAccumulatorValue));
    sum.assign(sum.add(g.square()));
    p.assign(p.sub(g.div(sum.sqrt().add(eps)).mul(clr)));
  }
}

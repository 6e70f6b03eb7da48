import { Tensor, keep } from '@pistil/nn';
import { checkBoolean, checkNonNegative, checkNumber } from './check.js';
import { Optimizer } from './optimizer.js';
import { resolveOptions } from './param-groups.js';
import type { OptimizerOptions, ParamGroup, ParamState, ParamsInput, StateSpec } from './types.js';

export interface SGDOptions extends OptimizerOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const DEFAULTS: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

/**
 * Stochastic gradient descent, optionally with momentum, as `torch.optim.SGD`:
 * g ← ∇ (negated when maximizing) + λθ; with momentum b ← μb + (1−τ)g (b = g on the first step),
 * g ← g + μb (Nesterov) or b; θ ← θ − γg. State: `momentumBuffer`.
 */
export class SGD extends Optimizer<SGDOptions> {
  protected readonly stateSpec: StateSpec = { momentumBuffer: 'tensor' };

  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, resolveOptions('SGD', DEFAULTS, options));
  }

  protected validateOptions(o: SGDOptions, where: string): void {
    checkNonNegative(where, 'lr', o.lr);
    checkNonNegative(where, 'momentum', o.momentum);
    checkNumber(where, 'dampening', o.dampening);
    checkNonNegative(where, 'weightDecay', o.weightDecay);
    checkBoolean(where, 'nesterov', o.nesterov);
    checkBoolean(where, 'maximize', o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0))
      throw new RangeError(`${where}: nesterov needs momentum > 0 and dampening 0, got momentum ${o.momentum} and dampening ${o.dampening}`);
  }

  protected update(p: Tensor, grad: Tensor, group: ParamGroup<SGDOptions>, state: ParamState): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let d = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) d = d.add(p.mul(weightDecay));
    if (momentum !== 0) {
      const prev = state.momentumBuffer;
      let buf: Tensor;
      if (prev instanceof Tensor) {
        buf = prev.assign(prev.mul(momentum).add(dampening === 0 ? d : d.mul(1 - dampening)));
      } else {
        buf = keep(d.clone());
        state.momentumBuffer = buf;
      }
      d = nesterov ? d.add(buf.mul(momentum)) : buf;
    }
    p.assign(p.sub(d.mul(lr)));
  }
}

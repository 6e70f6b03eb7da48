import { ADAM_DEFAULTS, AdamBase } from './adam.js';
import type { AdamOptions } from './adam.js';
import type { ParamsInput } from './types.js';

/**
 * AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay — θ ← θ·(1 − γλ) before the
 * Adam update instead of adding λθ to the gradient (default λ = 1e-2).
 */
export class AdamW extends AdamBase {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, options, { ...ADAM_DEFAULTS, weightDecay: 1e-2 }, true);
  }
}

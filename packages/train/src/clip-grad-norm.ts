import { GradError, noGrad, norm, stack, tidy } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

export interface ClipGradNormOptions {
  /** 1, 2 (default) or Infinity. */
  normType?: 1 | 2 | typeof Infinity;
  /** Throw when the total norm is NaN or infinite, instead of scaling by it (default false, as PyTorch). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `parameters` in place so that their total norm (the norm of all
 * gradients taken as one vector) is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`.
 * Parameters without a gradient are skipped. Returns the total norm before clipping.
 */
export function clipGradNorm_(parameters: Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const normType = options.normType ?? 2;
  if (normType !== 1 && normType !== 2 && normType !== Infinity) throw new RangeError(`clipGradNorm_: normType must be 1, 2 or Infinity, got ${String(normType)}`);
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm)) throw new RangeError(`clipGradNorm_: maxNorm must be a finite number ≥ 0, got ${maxNorm}`);
  const grads = [...parameters].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() => tidy(() => {
    const total = norm(stack(grads.map((g) => norm(g, normType))), normType).item();
    if (options.errorIfNonfinite && !Number.isFinite(total))
      throw new GradError(`clipGradNorm_: the total norm of the gradients of ${grads.length} parameters is ${total}`);
    const coef = maxNorm / (total + 1e-6);
    // As PyTorch, the coefficient is clamped at 1; a NaN total spreads NaN into the gradients.
    if (!(coef >= 1)) for (const g of grads) g.assign(g.mul(coef));
    return total;
  }));
}

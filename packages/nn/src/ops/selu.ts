import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { gt } from './gt.js';
import { compute } from './math-util.js';
import { mul } from './mul.js';
import { record } from '../autograd/record.js';
import { requireFloat } from './util.js';
import { where } from './where.js';

const ALPHA = 1.6732632423543772848170429916717;
const SCALE = 1.0507009873554804934193349852946;

/** Scaled ELU: scale·elu(x, alpha) with the self-normalising constants of Klambauer et al. */
export function selu(x: Tensor): Tensor {
  requireFloat('selu', x);
  const y = compute(() => mul(runKernel('unary', { x }, { op: 'elu', alpha: ALPHA }), SCALE));
  // For x ≤ 0, d/dx scale·alpha·(eˣ − 1) = y + scale·alpha.
  return record('selu', [x], y, (dy) => [where(gt(x, 0), mul(dy, SCALE), mul(dy, add(y, SCALE * ALPHA)))]);
}

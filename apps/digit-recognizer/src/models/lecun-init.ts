import { init } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

/** LeNet-5's initialisation: uniform in ±2.4 / fan-in (LeCun et al. 1998, appendix C). */
export function lecunUniformPaper_(t: Tensor, fanIn: number): Tensor {
  const bound = 2.4 / fanIn;
  return init.uniform_(t, -bound, bound);
}

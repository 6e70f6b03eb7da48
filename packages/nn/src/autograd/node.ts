import { UseAfterFreeError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/**
 * Computes the gradients of an op's inputs from the gradient of its output. `needs[i]` says
 * whether input i wants one; return null (or anything) where it does not.
 */
export type BackwardFn = (dy: Tensor, needs: readonly boolean[]) => readonly (Tensor | null | undefined)[];

/** One recorded op on the tape: its inputs and the closure holding what its backward needs. */
export class Node {
  private backwardFn: BackwardFn | null;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    backward: BackwardFn,
  ) {
    this.backwardFn = backward;
  }

  apply(dy: Tensor): readonly (Tensor | null | undefined)[] {
    if (!this.backwardFn)
      throw new UseAfterFreeError(`backward through '${this.op}' a second time: its saved tensors were freed by the first backward; pass { retainGraph: true } to it`);
    return this.backwardFn(dy, this.inputs.map((t) => t.requiresGrad));
  }

  /** Drops the closure (and what it saved) once backward has used it. */
  release(): void {
    this.backwardFn = null;
  }
}

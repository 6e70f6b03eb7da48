import type { Tensor } from '../tensor.js';
import { repeat } from './repeat.js';

/** `torch.tile`: like `repeat`, but fewer reps than dims are padded with leading 1s. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  return repeat(x, [...new Array<number>(Math.max(0, x.rank - reps.length)).fill(1), ...reps]);
}

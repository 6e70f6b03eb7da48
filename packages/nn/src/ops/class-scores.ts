import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { permute } from './permute.js';
import { reshape } from './reshape.js';

/**
 * Moves the class axis (dim 1 of [N, C, d1, …], PyTorch's layout for losses) last and flattens
 * the rest, giving [M, C] rows; targets [N, d1, …] become [M]. Returns the per-row shape too.
 */
export function classRows(op: string, input: Tensor, target: Tensor | null): { rows: Tensor; rowShape: number[] } {
  if (input.rank < 1) throw new ShapeError(`${op}: input must be [C], [N, C] or [N, C, d1, …], got ${fmtShape(input.shape)}`);
  const batched = input.rank >= 2 ? input : reshape(input, [1, input.shape[0]!]);
  const c = batched.shape[1]!;
  const rowShape = [batched.shape[0]!, ...batched.shape.slice(2)];
  if (target && target.dtype === 'int32') {
    const want = input.rank >= 2 ? rowShape : [];
    if (target.rank !== want.length || target.shape.some((d, i) => d !== want[i]))
      throw new ShapeError(`${op}: class-index target must have shape ${fmtShape(want)} for input ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`);
  }
  const last = batched.rank > 2 ? permute(batched, [0, ...Array.from({ length: batched.rank - 2 }, (_, i) => i + 2), 1]) : batched;
  return { rows: reshape(last, [-1, c]), rowShape: input.rank >= 2 ? rowShape : [] };
}

import { sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { applyEpilogue, epilogueOf } from '../helpers/fused.js';
import { matmul } from './matmul.js';

/**
 * act(matmul(a, b) + bias): the matmul kernel, then the epilogue over its [rows, N] result while
 * it is in cache (a bad bias throws after the product; `run` frees the output then).
 */
export const fusedMatmul: KernelImpl<CpuBackend, 'fusedMatmul'> = (backend, { a, b, bias }, { transposeA, transposeB, activation }) => {
  const out = matmul(backend, { a, b }, { transposeA, transposeB });
  const n = out.shape[out.shape.length - 1]!;
  const e = epilogueOf('fusedMatmul', a, bias, n, activation);
  applyEpilogue(backend, out, e, 1, n === 0 ? 0 : sizeOf(out.shape) / n, n, false);
  return out;
};

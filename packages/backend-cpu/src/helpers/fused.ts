/**
 * The epilogue of the fused kernels (fusedMatmul, fusedConv2d): out = act(out + bias) in place,
 * right after the product. float32 heap views go to WebAssembly (wasm/epilogue.ts biasAct); the
 * rest (float64, the 'scalar' variant) take the TypeScript loop, which computes the same values:
 * the bias added in the output's precision, then relu as the unary kernel (x < 0 ? 0 : x).
 */
import { ShapeError, fmtShape } from '@pistil/backend';
import type { FusedActivation, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireSameDType } from './checks.js';
import type { FloatArray } from './gemm.js';

/** Activation codes of wasm/epilogue.ts. */
export const ACTIVATION_CODES: Readonly<Record<FusedActivation, number>> = { none: 0, relu: 1 };

/** What a fused kernel applies after its product: the bias tensor (if any) and the activation code. */
export interface Epilogue {
  readonly bias: TensorInfo | undefined;
  readonly act: number;
}

/** Checks a fused kernel's bias (same dtype as `x`, shape [channels]) and resolves its epilogue. */
export function epilogueOf(op: string, x: TensorInfo, bias: TensorInfo | undefined, channels: number, activation: FusedActivation): Epilogue {
  const act = ACTIVATION_CODES[activation];
  if (act === undefined) throw new TypeError(`${op}: unknown activation '${String(activation)}'`);
  if (bias) {
    requireSameDType(op, { x, bias });
    if (bias.shape.length !== 1 || bias.shape[0] !== channels) throw new ShapeError(`${op}: bias has shape ${fmtShape(bias.shape)}, expected [${channels}]`);
  }
  return { bias, act };
}

/** Whether the epilogue does anything. */
export function hasEffect(e: Epilogue): boolean {
  return e.bias !== undefined || e.act !== 0;
}

/**
 * out[b, r, j] = act(out[b, r, j] + bias) over `blocks` blocks of rows × cols (contiguous), the
 * bias indexed by r (perRow: a convolution's channels) or by j (a dense layer's features).
 */
export function applyEpilogue(backend: CpuBackend, out: TensorInfo, e: Epilogue, blocks: number, rows: number, cols: number, perRow: boolean): void {
  if (!hasEffect(e) || blocks * rows * cols === 0) return;
  const ov = backend.view(out) as FloatArray;
  const bv = e.bias ? (backend.view(e.bias) as FloatArray) : undefined;
  const simd = ov instanceof Float32Array ? (bv ? backend.simdOn(ov, bv) : backend.simdOn(ov)) : undefined;
  if (simd) {
    const bias = bv ? bv.byteOffset : 0;
    for (let b = 0; b < blocks; b++) simd.biasAct(ov.byteOffset + 4 * b * rows * cols, rows, cols, cols, bias, perRow, e.act);
    return;
  }
  const relu = e.act === ACTIVATION_CODES.relu;
  for (let b = 0, i = 0; b < blocks; b++) {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++, i++) {
        const v = bv ? ov[i]! + bv[perRow ? r : j]! : ov[i]!;
        // The sum is rounded to the output's precision before relu, as an add kernel then relu.
        ov[i] = v;
        if (relu && ov[i]! < 0) ov[i] = 0;
      }
    }
  }
}

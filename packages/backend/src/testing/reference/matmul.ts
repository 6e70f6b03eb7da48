/** Reference batched matmul: the textbook triple loop per broadcast batch index. */
import type { KernelAttrs } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { broadcastOffset, broadcastShapes, forEachIndex, newHost } from './indexing.js';

export function matmul({ a, b }: { a: HostTensor; b: HostTensor }, { transposeA, transposeB }: KernelAttrs<'matmul'>): HostTensor {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = a.shape[transposeA ? ra - 1 : ra - 2]!;
  const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
  const n = b.shape[transposeB ? rb - 2 : rb - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const out = newHost([...batch, m, n], a.dtype);
  // A(i, p) and B(p, j) of one batch matrix, honouring the transpose flags.
  const at = (base: number, i: number, p: number) => a.data[base + (transposeA ? p * m + i : i * k + p)]!;
  const bt = (base: number, p: number, j: number) => b.data[base + (transposeB ? j * k + p : p * n + j)]!;
  forEachIndex(batch, (bidx, flat) => {
    const baseA = broadcastOffset(bidx, batchA) * m * k;
    const baseB = broadcastOffset(bidx, batchB) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += at(baseA, i, p) * bt(baseB, p, j);
        out.data[flat * m * n + i * n + j] = s;
      }
    }
  });
  return out;
}

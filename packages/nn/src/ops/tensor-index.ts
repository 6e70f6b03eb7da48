import { ShapeError, fmtShape } from '@pistil/backend';
import { Tensor } from '../tensor.js';
import { gatherAxis } from './gather-axis.js';
import { reshape } from './reshape.js';
import { namingIndexErrors, toIndexTensor, viaOps, withTemps } from './shape-util.js';
import { sliceRange } from './slice-range.js';
import { stridedSlice } from './strided-slice.js';

/**
 * One entry of `index`, for one dim of x (left to right):
 * - a number: selects that position (negative counts from the end) and drops the dim;
 * - `null`: keeps the whole dim;
 * - `[start, end]` or `[start, end, step]`: a Python slice of the dim (`null` bounds mean open;
 *   out-of-range bounds are clamped; a negative step walks backwards);
 * - an int32 `Tensor` or a `number[]` of positions (in [0, size)): takes those positions along
 *   the dim, which is replaced by the index's shape.
 */
export type IndexSpec = number | null | readonly [number | null, number | null] | readonly [number | null, number | null, number] | Tensor;
export type IndexArg = IndexSpec | readonly number[];

/**
 * NumPy/PyTorch-style indexing `x[spec0, spec1, …]`; dims without a spec are kept whole.
 * Examples: `index(x, 0)` is x[0]; `index(x, null, [1, null])` is x[:, 1:];
 * `index(x, [null, null, -1])` is x[::-1]; `index(x, null, [2, 0])` is x[:, [2, 0]].
 * Difference from PyTorch: several tensor/array specs index their own dims independently (outer
 * indexing, as applying them one after another) instead of being broadcast together; a JS
 * array of exactly two or three items (numbers or null) is read as a slice `[start, end, step?]`,
 * any other length as positions — pass an int32 `Tensor` to take exactly two or three positions.
 */
export function index(x: Tensor, ...specs: IndexArg[]): Tensor {
  if (specs.length > x.rank) throw new ShapeError(`index: ${specs.length} indices given for ${x.rank} dims of ${fmtShape(x.shape)}`);
  const begin = x.shape.map(() => 0);
  const size = [...x.shape];
  const step = x.shape.map(() => 1);
  const takes: { dim: number; index: Tensor; made: boolean }[] = [];
  const outShape: number[] = [];
  try {
    specs.forEach((spec, d) => {
      const n = x.shape[d]!;
      if (spec === null) {
        outShape.push(n);
      } else if (typeof spec === 'number') {
        if (!Number.isInteger(spec) || spec < -n || spec >= n) throw new ShapeError(`index: index ${spec} is out of range for dim ${d} of size ${n} in ${fmtShape(x.shape)}`);
        begin[d] = spec < 0 ? spec + n : spec;
        size[d] = 1;
      } else if (spec instanceof Tensor || !isSliceTuple(spec)) {
        const t = toIndexTensor('index', spec as Tensor | readonly number[], x.device);
        takes.push({ dim: d, ...t });
        outShape.push(...t.index.shape);
      } else {
        const r = sliceRange('index', n, spec[0], spec[1], spec[2] ?? 1);
        begin[d] = r.begin;
        size[d] = r.size;
        step[d] = r.step;
        outShape.push(r.size);
      }
    });
  } catch (err) {
    for (const t of takes) if (t.made) t.index.dispose();
    throw err;
  }
  outShape.push(...x.shape.slice(specs.length));
  const made = takes.filter((t) => t.made).map((t) => t.index);
  const what = `a position index is out of range for input ${fmtShape(x.shape)}`;
  return namingIndexErrors('index', what, () => withTemps(made, () => viaOps([x], () => {
    let y = stridedSlice(x, begin, size, step, 'index');
    // Last dim first, so the positions of earlier dims do not move as index shapes replace dims.
    for (let k = takes.length - 1; k >= 0; k--) y = gatherAxis(y, takes[k]!.dim, takes[k]!.index, 'index');
    return reshape(y, outShape);
  })));
}

function isSliceTuple(spec: readonly unknown[]): boolean {
  return (spec.length === 2 || spec.length === 3) && spec.every((v) => v === null || typeof v === 'number');
}

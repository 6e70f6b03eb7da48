/**
 * Chainable methods for the 'shape' op group (`x.transpose(0, 1).flatten(1)`), added to `Tensor`
 * by declaration merging (see methods/core.ts). Each method calls the op function.
 */
import type { PadMode } from '@pistil/backend';
import { chunk } from '../ops/chunk.js';
import { flatten } from '../ops/flatten.js';
import { flip } from '../ops/flip.js';
import { gather } from '../ops/gather.js';
import { indexSelect } from '../ops/index-select.js';
import { index } from '../ops/tensor-index.js';
import type { IndexArg } from '../ops/tensor-index.js';
import { maskedFill } from '../ops/masked-fill.js';
import { narrow } from '../ops/narrow.js';
import { pad } from '../ops/pad.js';
import { permute } from '../ops/permute.js';
import { repeat } from '../ops/repeat.js';
import { scatterAdd } from '../ops/scatter-add.js';
import { select } from '../ops/select.js';
import { slice } from '../ops/slice.js';
import { split } from '../ops/split.js';
import { squeeze } from '../ops/squeeze.js';
import { t } from '../ops/t.js';
import { tile } from '../ops/tile.js';
import { transpose } from '../ops/transpose.js';
import { unbind } from '../ops/unbind.js';
import { unsqueeze } from '../ops/unsqueeze.js';
import { Tensor } from '../tensor.js';

declare module '../tensor.js' {
  interface Tensor {
    flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(dims: readonly number[]): Tensor;
    t(): Tensor;
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    /** `x[spec0, spec1, …]`; see the `index` op for the spec forms. */
    index(...specs: IndexArg[]): Tensor;
    flip(dims: number | readonly number[]): Tensor;
    split(sizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
    /** `F.pad(x, pads, mode, value)` as a method (pads start from the last dim). */
    pad(pads: readonly number[], mode?: PadMode, value?: number): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    indexSelect(dim: number, index: Tensor | readonly number[]): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    repeat(repeats: readonly number[]): Tensor;
    tile(reps: readonly number[]): Tensor;
    maskedFill(mask: Tensor, value: number): Tensor;
  }
}

const proto = Tensor.prototype;
proto.flatten = function (startDim, endDim) { return flatten(this, startDim, endDim); };
proto.squeeze = function (dim) { return squeeze(this, dim); };
proto.unsqueeze = function (dim) { return unsqueeze(this, dim); };
proto.transpose = function (dim0, dim1) { return transpose(this, dim0, dim1); };
proto.permute = function (dims) { return permute(this, dims); };
proto.t = function () { return t(this); };
proto.slice = function (dim, start, end, step) { return slice(this, dim, start, end, step); };
proto.narrow = function (dim, start, length) { return narrow(this, dim, start, length); };
proto.select = function (dim, i) { return select(this, dim, i); };
proto.index = function (...specs) { return index(this, ...specs); };
proto.flip = function (dims) { return flip(this, dims); };
proto.split = function (sizeOrSections, dim) { return split(this, sizeOrSections, dim); };
proto.chunk = function (chunks, dim) { return chunk(this, chunks, dim); };
proto.unbind = function (dim) { return unbind(this, dim); };
proto.pad = function (pads, mode, value) { return pad(this, pads, mode, value); };
proto.gather = function (dim, i) { return gather(this, dim, i); };
proto.indexSelect = function (dim, i) { return indexSelect(this, dim, i); };
proto.scatterAdd = function (dim, i, src) { return scatterAdd(this, dim, i, src); };
proto.repeat = function (repeats) { return repeat(this, repeats); };
proto.tile = function (reps) { return tile(this, reps); };
proto.maskedFill = function (mask, value) { return maskedFill(this, mask, value); };

/**
 * Chainable methods of the 'linalg' op group (`a.matmul(b)`), added to `Tensor` by declaration
 * merging (see methods/core.ts). Convolutions and pooling stay functions, as in PyTorch.
 */
import { bmm } from '../ops/bmm.js';
import { dot } from '../ops/dot.js';
import { matmul } from '../ops/matmul.js';
import { mm } from '../ops/mm.js';
import { outer } from '../ops/outer.js';
import { Tensor } from '../tensor.js';

declare module '../tensor.js' {
  interface Tensor {
    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
  }
}

const proto = Tensor.prototype;
proto.matmul = function (other) { return matmul(this, other); };
proto.mm = function (other) { return mm(this, other); };
proto.bmm = function (other) { return bmm(this, other); };
proto.dot = function (other) { return dot(this, other); };
proto.outer = function (other) { return outer(this, other); };

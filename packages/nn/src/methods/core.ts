/**
 * Chainable methods for the core ops (`a.add(b).sum()`), added to `Tensor` by declaration
 * merging so each op group keeps its methods next to its ops. Each method calls the op function.
 */
import type { DType } from '@pistil/backend';
import { backward } from '../autograd/backward.js';
import type { BackwardOptions } from '../autograd/backward.js';
import type { Device } from '../engine.js';
import { add } from '../ops/add.js';
import { broadcastTo } from '../ops/broadcast-to.js';
import { cast } from '../ops/cast.js';
import { clone } from '../ops/clone.js';
import { detach } from '../ops/detach.js';
import { div } from '../ops/div.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { reshape } from '../ops/reshape.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { toDevice } from '../ops/to-device.js';
import type { TensorLike } from '../ops/util.js';
import { Tensor } from '../tensor.js';

declare module '../tensor.js' {
  interface Tensor {
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    neg(): Tensor;
    sum(axis?: number | readonly number[], keepdim?: boolean): Tensor;
    reshape(shape: readonly number[]): Tensor;
    view(shape: readonly number[]): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    /** Alias of broadcastTo, as PyTorch (materialised, not a view). */
    expand(shape: readonly number[]): Tensor;
    cast(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    bool(): Tensor;
    clone(): Tensor;
    detach(): Tensor;
    to(device: Device): Tensor;
    backward(gradient?: Tensor, options?: BackwardOptions): void;
  }
}

const proto = Tensor.prototype;
proto.add = function (other) { return add(this, other); };
proto.sub = function (other) { return sub(this, other); };
proto.mul = function (other) { return mul(this, other); };
proto.div = function (other) { return div(this, other); };
proto.neg = function () { return neg(this); };
proto.sum = function (axis, keepdim) { return sum(this, axis, keepdim); };
proto.reshape = function (shape) { return reshape(this, shape); };
proto.view = function (shape) { return reshape(this, shape); };
proto.broadcastTo = function (shape) { return broadcastTo(this, shape); };
proto.expand = function (shape) { return broadcastTo(this, shape); };
proto.cast = function (dtype) { return cast(this, dtype); };
proto.float = function () { return this.dtype === 'float32' ? this : cast(this, 'float32'); };
proto.double = function () { return this.dtype === 'float64' ? this : cast(this, 'float64'); };
proto.int = function () { return this.dtype === 'int32' ? this : cast(this, 'int32'); };
proto.bool = function () { return this.dtype === 'bool' ? this : cast(this, 'bool'); };
proto.clone = function () { return clone(this); };
proto.detach = function () { return detach(this); };
proto.to = function (device) { return toDevice(this, device); };
proto.backward = function (gradient, options) { backward(this, gradient, options); };

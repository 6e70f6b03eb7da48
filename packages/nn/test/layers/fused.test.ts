/**
 * Bias and relu fused into the product (ops/fused.ts, the backend's fusedMatmul / fusedConv2d):
 * Sequential's Conv2d → ReLU and Linear → ReLU steps, and the bias of every Linear and Conv2d.
 * The same values and gradients as the primitive ops, bit for bit; finite-difference gradient
 * checks (and of the backward itself); and the cases that must not fuse.
 */
import { getBackend } from '@pistil/backend';
import type { KernelName } from '@pistil/backend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, add, conv2d, gradcheck, gradients, linear, mul, randn, relu, reshape, sum, withTracer,
} from '../../src/index.js';
import type { Tensor, Tracer } from '../../src/index.js';
import { conv2dActivated } from '../../src/ops/conv2d.js';
import { linearActivated } from '../../src/ops/linear.js';
import { gradOfSquares } from '../shape/second-order.js';

/** The names of the kernels `fn` runs on the CPU backend. */
function kernelsOf(fn: () => void): KernelName[] {
  const backend = getBackend('cpu');
  const run = backend.run.bind(backend);
  const names: KernelName[] = [];
  const spy = vi.spyOn(backend, 'run').mockImplementation((name, inputs, attrs) => {
    names.push(name);
    return run(name, inputs, attrs);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return names;
}

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

function lenetLike(): Sequential {
  return new Sequential(new Conv2d(2, 4, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16, 6), new ReLU(), new Linear(6, 3));
}

/** The same network from primitive ops: conv2d and linear without bias, add, relu. */
function primitives(seq: Sequential, x: Tensor): Tensor {
  const [c, , p, f, l1, , l2] = seq.children() as [Conv2d, ReLU, MaxPool2d, Flatten, Linear, ReLU, Linear];
  let h = relu(add(conv2d(x, c.weight, null, { padding: 1 }), reshape(c.bias!, [4, 1, 1])));
  h = f.call(p.call(h));
  h = relu(add(linear(h, l1.weight), l1.bias!));
  return add(linear(h, l2.weight), l2.bias!);
}

describe('fused bias and activation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('Sequential runs Conv2d → ReLU and Linear → ReLU as one kernel each, with the primitive ops’ values and gradients', () => {
    const seq = lenetLike();
    const x = randn([3, 2, 4, 4]).requiresGrad_();
    let y!: Tensor;
    const kernels = kernelsOf(() => void (y = seq.call(x)));
    expect(kernels).toEqual(['fusedConv2d', 'maxPool2d', 'fusedMatmul', 'fusedMatmul']);
    const want = primitives(seq, x);
    expect(bits(y)).toEqual(bits(want));
    const v = randn(y.shape);
    const wrt = [x, ...seq.parameters()];
    const got = gradients(sum(mul(y, v)), wrt), ref = gradients(sum(mul(want, v)), wrt);
    got.forEach((g, i) => expect(bits(g), `gradient ${i}`).toEqual(bits(ref[i]!)));
  });

  it('runs a bias alone (no activation) fused too, in Linear and Conv2d and their functional forms', () => {
    const x = randn([2, 3, 5, 5]), w = randn([4, 3, 3, 3]), b = randn([4]);
    expect(kernelsOf(() => void conv2d(x, w, b))).toEqual(['fusedConv2d']);
    expect(kernelsOf(() => void conv2d(x, w))).toEqual(['conv2d']);
    const lin = new Linear(5, 2), noBias = new Linear(5, 2, { bias: false }), xl = randn([3, 5]);
    expect(kernelsOf(() => void lin.call(xl))).toEqual(['fusedMatmul']);
    expect(kernelsOf(() => void noBias.call(xl))).toEqual(['matmul']);
    expect(bits(conv2d(x, w, b))).toEqual(bits(add(conv2d(x, w), reshape(b, [4, 1, 1]))));
  });

  it('passes gradcheck, and gradcheck of its backward (float64)', () => {
    const f64 = { dtype: 'float64' as const };
    const x = randn([3, 5], f64), w = randn([4, 5], f64), b = randn([4], f64);
    gradcheck((xx, ww, bb) => linearActivated(xx!, ww!, bb!, 'relu'), [x, w, b]);
    gradcheck((xx, ww) => linearActivated(xx!, ww!, null, 'relu'), [x, w]);
    gradcheck(gradOfSquares((xx) => linearActivated(xx, w, b, 'relu')), [x]);
    const xi = randn([2, 2, 5, 4], f64), k = randn([3, 2, 3, 3], f64), kb = randn([3], f64);
    const options = { padding: 1, stride: [2, 1] as [number, number] };
    gradcheck((xx, kk, bb) => conv2dActivated(xx!, kk!, bb!, options, 'relu'), [xi, k, kb]);
    gradcheck((xx, kk, bb) => conv2dActivated(xx!, kk!, bb!, options, 'none'), [xi, k, kb]);
    gradcheck(gradOfSquares((xx) => conv2dActivated(xx, k, kb, options, 'relu')), [xi]);
  });

  it('does not fuse where a module has hooks, a ReLU subclass has its own forward, or padding is not zeros', () => {
    const seq = new Sequential(new Linear(4, 3), new ReLU());
    const x = randn([2, 4]);
    const handle = seq.at(1).registerForwardHook(() => undefined);
    expect(kernelsOf(() => void seq.call(x))).toEqual(['fusedMatmul', 'unary']);
    handle.remove();
    expect(kernelsOf(() => void seq.call(x))).toEqual(['fusedMatmul']);

    class Doubled extends ReLU {
      override forward(t: Tensor): Tensor {
        return mul(relu(t), 2);
      }
    }
    const doubled = new Sequential(seq.at(0), new Doubled());
    expect(kernelsOf(() => void doubled.call(x))).toEqual(['fusedMatmul', 'unary', 'binary']);

    // Its bias is still fused into the convolution of the padded input; the relu runs after.
    const reflect = new Sequential(new Conv2d(1, 2, 3, { padding: 1, paddingMode: 'reflect' }), new ReLU());
    const xr = randn([1, 1, 4, 4]);
    expect(kernelsOf(() => void reflect.call(xr)).slice(-2)).toEqual(['fusedConv2d', 'unary']);
  });

  it('runs the primitive kernels while a tracer records (exporters see conv2d, add, relu)', () => {
    const seq = lenetLike();
    const x = randn([1, 2, 4, 4]);
    const traced: string[] = [];
    const tracer: Tracer = { kernel: (name) => void traced.push(name), view: () => undefined };
    const y = withTracer(tracer, () => seq.call(x));
    expect(traced).not.toContain('fusedConv2d');
    expect(traced).not.toContain('fusedMatmul');
    expect(traced.filter((k) => k === 'unary')).toHaveLength(2);
    expect(bits(y)).toEqual(bits(seq.call(x)));
  });
});

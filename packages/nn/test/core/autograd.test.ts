import { describe, expect, it } from 'vitest';
import { DeviceError, GradError, customOp, gradients, grad, memory, noGrad, ones, scalar, tensor, tidy, valueAndGrad, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';

describe('autograd', () => {
  it('backward of a scalar fills .grad of leaves, reducing broadcast dims', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]).requiresGrad_();
    const b = tensor([10, 20, 30]).requiresGrad_();
    a.mul(b).add(a).sum().backward();
    expectClose(a.grad!, [[11, 21, 31], [11, 21, 31]]);
    expectClose(b.grad!, [5, 7, 9]);
    expect(a.grad!.kept).toBe(true);
  });

  it('accumulates gradients across backward calls', () => {
    const x = tensor([2]).requiresGrad_();
    x.mul(x).sum().backward();
    x.mul(x).sum().backward();
    expectClose(x.grad!, [8]);
  });

  it('a tensor used twice gets both contributions', () => {
    const x = tensor([3]).requiresGrad_();
    const y = x.mul(2);
    y.add(y.mul(y)).sum().backward(); // d/dx (2x + 4x²) = 2 + 8x
    expectClose(x.grad!, [26]);
  });

  it('non-scalar backward needs a gradient of the same shape', () => {
    const x = tensor([1, 2]).requiresGrad_();
    expect(() => x.mul(2).backward()).toThrow(GradError);
    expect(() => x.mul(2).backward(ones([3]))).toThrow(/gradient shape \[3\] does not match output shape \[2\]/);
    x.mul(3).backward(tensor([1, 10]));
    expectClose(x.grad!, [3, 30]);
  });

  it('a second backward through the same graph fails unless retainGraph', () => {
    const x = tensor([1]).requiresGrad_();
    const y = x.mul(2).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expectClose(x.grad!, [4]);
    expect(() => y.backward()).toThrow(/second time/);
  });

  it('noGrad and detach stop recording', () => {
    const x = tensor([1]).requiresGrad_();
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(x.detach().mul(2).requiresGrad).toBe(false);
    expect(x.mul(2).requiresGrad).toBe(true);
    expect(() => zeros([1]).sum().backward()).toThrow(/does not require grad/);
  });

  it('only float tensors can require grad', () => {
    expect(() => tensor([1], { dtype: 'int32' }).requiresGrad_()).toThrow(/only float tensors/);
  });

  it('retainGrad keeps the gradient of an intermediate', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const h = x.mul(3).retainGrad();
    h.mul(h).sum().backward();
    expectClose(h.grad!, [6, 12]);
    expectClose(x.grad!, [18, 36]);
  });

  it('grad(f) computes derivatives functionally without touching .grad', () => {
    const f = (x: ReturnType<typeof tensor>) => x.mul(x).mul(x).sum();
    const x = tensor([1, 2, 3]);
    expectClose(grad(f)(x), [3, 12, 27]);
    expect(x.grad).toBeNull();
    const { value, grad: g } = valueAndGrad(f)(x);
    expectClose(value, 36);
    expectClose(g, [3, 12, 27]);
  });

  it('createGraph gives second derivatives', () => {
    const x = tensor([2]).requiresGrad_();
    const y = x.mul(x).mul(x).sum(); // y = x³
    const [dy] = gradients(y, [x], { createGraph: true }); // 3x² = 12
    expectClose(dy!, [12]);
    const [d2y] = gradients(dy!.sum(), [x]); // 6x = 12
    expectClose(d2y!, [12]);
  });

  it('customOp uses the gradient it defines', () => {
    const clipGrad = customOp((x) => ({ value: x.mul(1), grad: (dy) => dy.mul(0.5) }), 'halfGrad');
    const x = tensor([1, 2]).requiresGrad_();
    clipGrad(x).sum().backward();
    expectClose(x.grad!, [0.5, 0.5]);
  });

  it('gradients returns zeros for an input the output does not depend on', () => {
    const a = tensor([1]).requiresGrad_();
    const b = tensor([1]).requiresGrad_();
    const [ga, gb] = gradients(a.mul(2).sum(), [a, b]);
    expectClose(ga!, [2]);
    expectClose(gb!, [0]);
  });

  it('backward frees its temporaries', () => {
    const x = tensor([[1, 2], [3, 4]]).requiresGrad_();
    const before = memory().tensors;
    tidy(() => x.mul(x).add(scalar(1)).sum().backward());
    expect(memory().tensors).toBe(before + 1); // only x.grad remains
    x.grad!.dispose();
    x.grad = null;
    expect(memory().tensors).toBe(before);
  });

  it('mixing devices is an error naming both', () => {
    expect(() => tensor([1]).to('nowhere')).toThrow(DeviceError);
    expect(() => tensor([1]).to('nowhere')).toThrow(/nowhere/);
  });
});

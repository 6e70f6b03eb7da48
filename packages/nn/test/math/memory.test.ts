import { describe, expect, it } from 'vitest';
import * as P from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { Generator, memory, tensor, tidy } from '../../src/index.js';

const x = (): Tensor => tensor([[0.5, -1.2, 2], [1.5, 0.3, -0.7]], { dtype: 'float64' });
const pos = (): Tensor => tensor([[0.5, 1.2, 2], [1.5, 0.3, 0.7]], { dtype: 'float64' });
const cond = (): Tensor => tensor([[true, false, true], [false, true, false]]);
/** Extra inputs: small values (for asin/acos), an int32 tensor, a float32 bound. */
const extra = (): Tensor[] => [tensor([[0.1, -0.2, 0.3], [0.05, 0.6, -0.7]], { dtype: 'float64' }), tensor([[1, -2, 3]], { dtype: 'int32' }), tensor([0.1]), tensor([[-0.2], [0.1]], { dtype: 'float64' })];
type Op = (a: Tensor, p: Tensor, c: Tensor, e: Tensor[]) => Tensor;

/** Every op of the group, on fresh inputs; each returns one new tensor. */
const OPS: [string, Op][] = [
  ...(['exp', 'log1p', 'expm1', 'square', 'abs', 'sign', 'sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'tanh', 'sigmoid', 'relu',
    'leakyRelu', 'elu', 'selu', 'gelu', 'softplus', 'silu', 'mish', 'hardtanh', 'relu6', 'erf', 'floor', 'ceil', 'round', 'trunc'] as const)
    .map((n): [string, (a: Tensor) => Tensor] => [n, (a) => (P[n] as (t: Tensor) => Tensor)(a)]),
  ['log', (_a, p) => P.log(p)],
  ['sqrt', (_a, p) => P.sqrt(p)],
  ['rsqrt', (_a, p) => P.rsqrt(p)],
  ['reciprocal', (_a, p) => P.reciprocal(p)],
  ['asin', (_a, _p, _c, e) => P.asin(e[0]!)],
  ['acos', (_a, _p, _c, e) => P.acos(e[0]!)],
  ['atanh', (_a, _p, _c, e) => P.atanh(e[0]!)],
  ['asinh', (a) => P.asinh(a)],
  ['acosh', (_a, p) => P.acosh(p)],
  ["gelu('tanh')", (a) => P.gelu(a, 'tanh')],
  ['softplus(2, 1)', (a) => P.softplus(a, 2, 1)],
  ['clamp numbers', (a) => P.clamp(a, -1, 1)],
  ['clamp tensors', (a, p, _c, e) => P.clamp(a, e[3]!, p)],
  ['clamp float32 bound', (a, _p, _c, e) => P.clamp(a, e[2]!)],
  ['pow', (_a, p) => P.pow(p, 2.5)],
  ['pow tensors', (a, p) => P.pow(p, a)],
  ['maximum', (a, p) => P.maximum(a, p)],
  ['minimum', (a) => P.minimum(a, 0.1)],
  ['remainder', (a) => P.remainder(a, 0.7)],
  ['floorDivide', (a, p) => P.floorDivide(a, p)],
  ['atan2', (a, p) => P.atan2(a, p)],
  ['where', (a, p, c) => P.where(c, a, p)],
  ['where numbers', (a, _p, c) => P.where(c, 1, a)],
  ['mean', (a) => P.mean(a, 1)],
  ['prod', (a) => P.prod(a, 0, true)],
  ['max', (a) => P.max(a, -1)],
  ['min', (a) => P.min(a)],
  ['variance', (a) => P.variance(a, 1)],
  ['std', (a) => P.std(a)],
  ['logsumexp', (a) => P.logsumexp(a, 1)],
  ['norm 1', (a) => P.norm(a, 1, 0)],
  ['norm 2', (a) => P.norm(a)],
  ['norm Infinity', (a) => P.norm(a, Infinity, 1)],
  ['softmax', (a) => P.softmax(a, 0)],
  ['logSoftmax', (a) => P.logSoftmax(a)],
  ['dropout', (a) => P.dropout(a, 0.3, true, new Generator(2))],
];

/** Ops without gradients (or integer/bool outputs). */
const PLAIN: [string, Op][] = [
  ['eq', (a, p) => P.eq(a, p)],
  ['lt', (a) => P.lt(a, 0)],
  ['ge', (a) => P.ge(1, a)],
  ['logicalAnd', (a, _p, c) => P.logicalAnd(a, c)],
  ['logicalOr', (_a, _p, c) => P.logicalOr(c, 0)],
  ['logicalXor', (_a, _p, c) => P.logicalXor(c, c)],
  ['logicalNot', (a) => P.logicalNot(a)],
  ['isNaN', (a) => P.isNaN(a)],
  ['isInf int', (_a, _p, c) => P.isInf(c)],
  ['isFinite', (a) => P.isFinite(a)],
  ['argmax', (a) => P.argmax(a, 1)],
  ['argmin flat', (a) => P.argmin(a)],
  ['any', (a) => P.any(a, 0)],
  ['all', (_a, _p, c) => P.all(c)],
  ['floor int', (_a, _p, _c, e) => P.floor(e[1]!)],
  ['clamp int to float', (_a, _p, _c, e) => P.clamp(e[1]!, 0.5)],
  ['abs int', (_a, _p, _c, e) => P.abs(e[1]!)],
  ['pow int', (_a, _p, _c, e) => P.pow(e[1]!, 2)],
  ['max int', (_a, _p, _c, e) => P.max(e[1]!, 1)],
];

describe('memory: the math ops free every temporary', () => {
  for (const [name, f] of [...OPS, ...PLAIN]) {
    it(`${name}: without recording, one new tensor (the output)`, () => {
      const [a, p, c, e] = [x(), pos(), cond(), extra()];
      const before = memory().tensors;
      const y = f(a, p, c, e);
      expect(memory().tensors - before).toBe(1);
      y.dispose();
      P.dispose([a, p, c, e]);
    });
  }

  it('forward + backward of every differentiable op inside tidy leaves no tensor behind', () => {
    const before = memory();
    tidy(() => {
      for (const [, f] of OPS) {
        const a = x().requiresGrad_();
        const p = pos().requiresGrad_();
        const e = extra();
        e[0]!.requiresGrad_();
        f(a, p, cond(), e).sum().backward();
      }
    });
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.bytes).toBe(before.bytes);
  });

  it('double backward inside tidy leaves no tensor behind', () => {
    const before = memory().tensors;
    tidy(() => {
      for (const [, f] of OPS) {
        const a = x().requiresGrad_();
        const p = pos().requiresGrad_();
        const e = extra();
        e[0]!.requiresGrad_();
        const gs = P.gradients(f(a, p, cond(), e).sum(), [a, p, e[0]!], { createGraph: true });
        // (gradients that do not depend on the inputs, as of sign or floor, are left out)
        const live = gs.filter((g) => g.requiresGrad).map((g) => g.sum());
        if (live.length > 0) live.reduce((u, v) => u.add(v)).backward();
      }
    });
    expect(memory().tensors).toBe(before);
  });

  it('recorded ops keep only what backward needs, and tidy frees it', () => {
    const before = memory().tensors;
    tidy(() => {
      const a = x().requiresGrad_();
      P.dropout(a, 0.5, true, new Generator(1)).sum().backward();
      P.softmax(a).sum().backward();
    });
    expect(memory().tensors).toBe(before);
  });
});

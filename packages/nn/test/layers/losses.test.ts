import { describe, expect, it } from 'vitest';
import {
  BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, DTypeError, KLDivLoss, L1Loss, Linear, MSELoss, NLLLoss, ShapeError,
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, enableGrad, gradcheck, gradients, klDiv, l1Loss, l1Penalty, l2Penalty, logSoftmax, memory, mseLoss, nllLoss, tensor, tidy,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { rand, toT } from '../linalg/ref.js';

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });
const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);
const reduce = (v: number[], r: 'mean' | 'sum' | 'none'): number | number[] => (r === 'none' ? v : r === 'sum' ? sum(v) : sum(v) / v.length);

const x = [[0.5, -1.2, 2.0], [0.0, 0.3, -0.7]];
const y = [[1.0, -1.0, 0.5], [0.2, 0.3, 0.1]];
const flatX = x.flat();
const flatY = y.flat();

describe('regression losses', () => {
  it('mseLoss and l1Loss match the float64 oracle for every reduction', () => {
    for (const r of ['mean', 'sum', 'none'] as const) {
      expectClose(mseLoss(f64(x), f64(y), { reduction: r }), reduce(flatX.map((v, i) => (v - flatY[i]!) ** 2), r), 1e-12);
      expectClose(l1Loss(f64(x), f64(y), { reduction: r }), reduce(flatX.map((v, i) => Math.abs(v - flatY[i]!)), r), 1e-12);
    }
    expect(mseLoss(f64(x), f64(y), { reduction: 'none' }).shape).toEqual([2, 3]);
  });

  it('gradients: 2(x − y)/n and sign(x − y)/n (gradcheck, both inputs)', () => {
    gradcheck((a, b) => mseLoss(a!, b!), [f64(x), f64(y)]);
    gradcheck((a, b) => l1Loss(a!, b!, { reduction: 'sum' }), [f64(x), f64(y.map((r) => r.map((v) => v + 0.05)))]);
    const a = f64(x).requiresGrad_();
    l1Loss(a, f64(x)).backward();
    expectClose(a.grad!, [[0, 0, 0], [0, 0, 0]], 0); // |0|' = 0, as PyTorch
  });

  it('refuse mismatched shapes (PyTorch only warns), int tensors, unknown reductions', () => {
    expect(() => mseLoss(f64(x), f64([1, 2, 3]))).toThrow(/mseLoss: target \[3\] must have the input's shape \[2, 3\]/);
    expect(() => l1Loss(f64(x), tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => mseLoss(f64(x), f64(y), { reduction: 'avg' as 'mean' })).toThrow(/reduction must be 'mean', 'sum', 'none', got 'avg'/);
  });
});

describe('binary cross-entropy', () => {
  const p = [[0.9, 0.2, 0.5], [0.01, 0.7, 0.35]];
  const t = [[1, 0, 1], [0, 0.5, 1]];
  const w = [2, 0.5, 1];
  const bce = (pv: number, tv: number): number => -(tv * Math.max(Math.log(pv), -100) + (1 - tv) * Math.max(Math.log(1 - pv), -100));

  it('binaryCrossEntropy matches the oracle, with a broadcast weight', () => {
    const per = p.flat().map((v, i) => bce(v, t.flat()[i]!));
    for (const r of ['mean', 'sum', 'none'] as const) expectClose(binaryCrossEntropy(f64(p), f64(t), { reduction: r }), reduce(per, r), 1e-12);
    expectClose(binaryCrossEntropy(f64(p), f64(t), { weight: f64(w) }), sum(per.map((l, i) => l * w[i % 3]!)) / 6, 1e-12);
  });

  it('clamps each log at −100: p = 0 or 1 gives finite losses and finite gradients', () => {
    const probs = f64([0, 1, 1, 0]).requiresGrad_();
    const loss = binaryCrossEntropy(probs, f64([1, 0, 1, 0]), { reduction: 'none' });
    expectClose(loss, [100, 100, 0, 0], 1e-12);
    loss.sum().backward();
    // PyTorch: (x − y)/max(x(1 − x), 1e-12)
    expectClose(probs.grad!, [-1e12, 1e12, 0, 0], 1e-6);
  });

  it('gradcheck of input and target; probabilities outside [0, 1] are an error', () => {
    gradcheck((a, b) => binaryCrossEntropy(a!, b!, { weight: f64(w) }), [f64(p), f64(t)]);
    expect(() => binaryCrossEntropy(f64([0.5, 1.2]), f64([1, 0]))).toThrow(/input must be probabilities in \[0, 1\], got 1.2 at element 1/);
    expect(() => binaryCrossEntropy(f64(p), f64(t), { weight: f64([1, 2]) })).toThrow(/weight \[2\] does not broadcast to the input's shape \[2, 3\]/);
  });

  it('binaryCrossEntropyWithLogits: stable form, posWeight, weight; equals BCE of the sigmoid', () => {
    const z = [[2.5, -1, 0], [-30, 40, 0.7]];
    const pw = [3, 1, 0.5];
    const oracle = (zv: number, tv: number, pwv = 1): number => {
      const lw = 1 + (pwv - 1) * tv;
      const spNeg = Math.log1p(Math.exp(-Math.abs(zv))) + Math.max(-zv, 0); // log(1 + e^−z)
      return (1 - tv) * zv + lw * spNeg;
    };
    const per = z.flat().map((v, i) => oracle(v, t.flat()[i]!));
    expectClose(binaryCrossEntropyWithLogits(f64(z), f64(t), { reduction: 'none' }), per, 1e-12);
    const perPw = z.flat().map((v, i) => oracle(v, t.flat()[i]!, pw[i % 3]));
    expectClose(binaryCrossEntropyWithLogits(f64(z), f64(t), { posWeight: f64(pw), weight: f64(w), reduction: 'sum' }), sum(perPw.map((l, i) => l * w[i % 3]!)), 1e-12);
    // moderate logits: the same as binaryCrossEntropy(sigmoid(z))
    const mid = [[0.3, -0.8, 1.1]];
    expectClose(binaryCrossEntropyWithLogits(f64(mid), f64([[1, 0, 0.3]])), binaryCrossEntropy(f64(mid).sigmoid(), f64([[1, 0, 0.3]])).item(), 1e-12);
  });

  it('binaryCrossEntropyWithLogits gradients: σ(z) − y exactly, even at z = 0; gradcheck of input, target, posWeight', () => {
    const z = f64([0, 0, 3]).requiresGrad_();
    binaryCrossEntropyWithLogits(z, f64([1, 0, 0]), { reduction: 'sum' }).backward();
    expectClose(z.grad!, [-0.5, 0.5, 1 / (1 + Math.exp(-3))], 1e-12);
    gradcheck((a, b, c) => binaryCrossEntropyWithLogits(a!, b!, { posWeight: c!, weight: f64(w) }), [f64([[2.5, -1, 0.1], [-3, 4, 0.7]]), f64(t), f64([3, 1, 0.5])]);
  });
});

describe('second order', () => {
  it('the BCE gradients are themselves differentiable (createGraph): gradcheck of dL/dx and dL/dy', () => {
    const z = f64([[0.4, -1.3], [2, 0.1]]);
    const probs = f64([[0.3, 0.6], [0.8, 0.45]]);
    const t = f64([[1, 0.2], [0, 0.7]]);
    const pw = f64([2, 0.5]);
    // dL/d(input `wrt`), recorded; finite differences call it with plain tensors, hence the leaf.
    const d = (loss: (a: Tensor, b: Tensor) => Tensor, wrt: 0 | 1) => (a: Tensor, b: Tensor): Tensor => enableGrad(() => {
      const args = [a, b].map((t, i) => (i === wrt && !t.requiresGrad ? t.detach().requiresGrad_() : t)) as [Tensor, Tensor];
      return gradients(loss(...args), [args[wrt]], { createGraph: true })[0]!;
    });
    const withLogits = (a: Tensor, b: Tensor): Tensor => binaryCrossEntropyWithLogits(a, b, { posWeight: pw, reduction: 'sum' });
    const plain = (a: Tensor, b: Tensor): Tensor => binaryCrossEntropy(a, b, { reduction: 'sum' });
    for (const wrt of [0, 1] as const) {
      gradcheck((a, b) => d(withLogits, wrt)(a!, b!), [z, t]);
      gradcheck((a, b) => d(plain, wrt)(a!, b!), [probs, t]);
    }
  });
});

describe('KL divergence', () => {
  const logp = [[-1.2, -0.9, -1.2], [-0.3, -2.0, -2.0]];
  const q = [[0.2, 0.5, 0.3], [0.0, 0.6, 0.4]];
  const per = logp.flat().map((lp, i) => {
    const tv = q.flat()[i]!;
    return tv === 0 ? 0 : tv * (Math.log(tv) - lp);
  });

  it('klDiv: t·(log t − x) with 0·log 0 = 0; mean, batchmean, sum, none; logTarget', () => {
    expectClose(klDiv(f64(logp), f64(q), { reduction: 'none' }), per, 1e-12);
    expectClose(klDiv(f64(logp), f64(q)), sum(per) / 6, 1e-12);
    expectClose(klDiv(f64(logp), f64(q), { reduction: 'batchmean' }), sum(per) / 2, 1e-12);
    expectClose(klDiv(f64(logp), f64(q), { reduction: 'sum' }), sum(per), 1e-12);
    const logQ = [[-1.6, -0.7, -1.2], [-5, -0.5, -0.9]];
    const perLog = logp.flat().map((lp, i) => Math.exp(logQ.flat()[i]!) * (logQ.flat()[i]! - lp));
    expectClose(klDiv(f64(logp), f64(logQ), { logTarget: true, reduction: 'sum' }), sum(perLog), 1e-12);
  });

  it('gradcheck of input and target; KL of a distribution with itself is 0', () => {
    gradcheck((a, b) => klDiv(a!, b!, { reduction: 'batchmean' }), [f64(logp), f64([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]])]);
    gradcheck((a, b) => klDiv(a!, b!, { logTarget: true }), [f64(logp), f64([[-1.6, -0.7, -1.2], [-5, -0.5, -0.9]])]);
    const lp = logSoftmax(f64([[1, 2, 3]]), 1);
    expectClose(klDiv(lp, lp.exp(), { reduction: 'sum' }), 0, 1e-12);
    expect(() => klDiv(f64(logp), f64(q), { reduction: 'avg' as 'mean' })).toThrow(/'batchmean'/);
  });
});

describe('penalties', () => {
  it('l1Penalty = Σ|p| and l2Penalty = Σp² over all tensors, with gradients sign(p) and 2p', () => {
    const a = f64([[1, -2], [0.5, 0]]).requiresGrad_();
    const b = f64([-3]).requiresGrad_();
    expectClose(l1Penalty([a, b]), 6.5, 1e-12);
    expectClose(l2Penalty([a, b]), 1 + 4 + 0.25 + 9, 1e-12);
    l2Penalty([a, b]).backward();
    expectClose(a.grad!, [[2, -4], [1, 0]], 1e-12);
    gradcheck((p, r) => l1Penalty([p!, r!]), [f64([[1, -2], [0.5, 0.3]]), f64([-3])]);
    expectClose(l2Penalty([]), 0, 0);
    const lin = new Linear(2, 2);
    expect(l1Penalty(lin.parameters()).shape).toEqual([]);
  });
});

describe('loss modules', () => {
  const logits = [[2, -1, 0.5], [0.3, 0.2, 1.5]];
  const target = tensor([0, 2], { dtype: 'int32' });

  it('each module equals its functional loss with the same options', () => {
    const weight = f64([1, 2, 0.5]);
    const z = f64(logits);
    expectClose(new CrossEntropyLoss({ weight, labelSmoothing: 0.1 }).forward(z, target), crossEntropy(z, target, { weight, labelSmoothing: 0.1 }).item(), 1e-12);
    expectClose(new CrossEntropyLoss({ ignoreIndex: 2, reduction: 'sum' }).forward(z, target), crossEntropy(z, target, { ignoreIndex: 2, reduction: 'sum' }).item(), 1e-12);
    expectClose(new NLLLoss({ weight, reduction: 'none' }).forward(logSoftmax(z, 1), target), nllLoss(logSoftmax(z, 1), target, { weight, reduction: 'none' }).toArray(), 1e-12);
    expectClose(new MSELoss({ reduction: 'sum' }).forward(f64(x), f64(y)), sum(flatX.map((v, i) => (v - flatY[i]!) ** 2)), 1e-12);
    expectClose(new L1Loss().forward(f64(x), f64(y)), l1Loss(f64(x), f64(y)).item(), 1e-12);
    const p = f64([0.2, 0.9]);
    const t = f64([0, 1]);
    expectClose(new BCELoss({ weight: f64([2, 1]) }).forward(p, t), binaryCrossEntropy(p, t, { weight: f64([2, 1]) }).item(), 1e-12);
    expectClose(new BCEWithLogitsLoss({ posWeight: f64([3]) }).forward(p, t), binaryCrossEntropyWithLogits(p, t, { posWeight: f64([3]) }).item(), 1e-12);
    expectClose(new KLDivLoss({ reduction: 'batchmean', logTarget: true }).forward(f64([[-1, -0.5]]), f64([[-0.7, -0.7]])), klDiv(f64([[-1, -0.5]]), f64([[-0.7, -0.7]]), { reduction: 'batchmean', logTarget: true }).item(), 1e-12);
  });

  it('class weights are buffers (saved with the model, as PyTorch); options are checked at construction', () => {
    const ce = new CrossEntropyLoss({ weight: tensor([1, 2, 3]) });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(new BCEWithLogitsLoss({ posWeight: tensor([2]) }).namedBuffers().map(([n]) => n)).toEqual(['posWeight']);
    expect(String(new MSELoss())).toBe("MSELoss(reduction='mean')");
    expect(() => new MSELoss({ reduction: 'batchmean' as 'mean' })).toThrow(/MSELoss: reduction must be/);
    expect(() => new CrossEntropyLoss({ labelSmoothing: 2 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => new CrossEntropyLoss().forward(f64(logits), tensor([0, 5], { dtype: 'int32' }))).toThrow(ShapeError);
  });

  it('forward + backward of every loss inside tidy leaves no tensor behind', () => {
    const before = memory().tensors;
    tidy(() => {
      const z = toT(rand([3, 4], 1)).requiresGrad_();
      const probs = toT(rand([3, 4], 2, 0.05, 0.95));
      const cases: Tensor[] = [
        mseLoss(z, probs), l1Loss(z, probs), binaryCrossEntropy(z.sigmoid(), probs, { weight: toT(rand([4], 3)) }),
        binaryCrossEntropyWithLogits(z, probs, { posWeight: toT(rand([4], 4, 0.5, 2)) }), klDiv(logSoftmax(z, 1), probs, { reduction: 'batchmean' }),
        l1Penalty([z]), l2Penalty([z]),
      ];
      for (const loss of cases) loss.backward();
    });
    // and unrecorded calls free their intermediates at once, outside tidy
    const z = toT(rand([3, 4], 5));
    const probs = toT(rand([3, 4], 6, 0.05, 0.95));
    const after = memory().tensors;
    for (const f of [() => mseLoss(z, probs), () => binaryCrossEntropy(probs, probs), () => binaryCrossEntropyWithLogits(z, probs), () => klDiv(z, probs), () => l2Penalty([z, probs])]) f().dispose();
    expect(memory().tensors).toBe(after);
    z.dispose();
    probs.dispose();
    expect(memory().tensors).toBe(before);
  });
});

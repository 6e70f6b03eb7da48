/**
 * Round trip: what exportOnnx writes, importOnnx reads back as a module computing the same
 * outputs (at batch sizes other than the sample's too), with the original's state-dict names,
 * and it keeps training: SGD steps on the imported module lower the loss.
 */
import { BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, crossEntropy, dispose, manualSeed, noGrad, randn, tensor, tidy } from '@pistil/nn';
import { SGD } from '@pistil/optim';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnx, importOnnx } from '../../src/index.js';
import { checkRoundTrip } from './cases.js';
import { reportErrors } from './helpers.js';
import { BINARY_CASES, CUSTOM_CASES, LINALG_CASES, REDUCE_CASES, SHAPE_CASES, UNARY_CASES } from './kernel-cases.js';
import { LAYER_CASES } from './layer-cases.js';

describe('exportOnnx → importOnnx', () => {
  afterAll(() => reportErrors('round trip'));
  const cases = [...LAYER_CASES, ...UNARY_CASES, ...BINARY_CASES, ...REDUCE_CASES, ...LINALG_CASES, ...SHAPE_CASES, ...CUSTOM_CASES];
  for (const c of cases) it(`${c.label} computes the same after import`, async () => void (await checkRoundTrip(c)));
});

describe('an imported export keeps training', () => {
  it('keeps state-dict names and lowers the loss with SGD', async () => {
    manualSeed(5);
    const net = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
      new Flatten(), new Linear(4 * 4 * 4, 10),
    );
    const x = randn([16, 1, 8, 8]);
    const y = tensor(Array.from({ length: 16 }, (_, i) => i % 10), { dtype: 'int32' });
    const bytes = await exportOnnx(net, x);
    const imported = importOnnx(bytes);
    expect(Object.keys(imported.stateDict()).sort()).toEqual(
      Object.keys(net.stateDict()).filter((k) => !k.endsWith('numBatchesTracked')).sort(),
    );
    imported.train();
    const optimizer = new SGD(imported.parameters(), { lr: 0.05 });
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      losses.push(tidy(() => {
        const loss = crossEntropy(imported.call(x), y);
        loss.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return loss.item();
      }));
    }
    expect(losses[7]!).toBeLessThan(losses[0]! * 0.8);
    // The eval-mode output moved with the weights: the imported module is not a frozen copy.
    const [evalBefore, evalAfter] = [noGrad(() => net.eval().call(x)), noGrad(() => imported.eval().call(x))];
    expect(evalAfter.sub(evalBefore).abs().max().item()).toBeGreaterThan(1e-3);
    dispose([evalBefore, evalAfter, x, y]);
    optimizer.dispose();
    imported.dispose();
    net.dispose();
  });
});

// Trains a 2-8-1 MLP on XOR with plain gradient descent — the seed example of a problem a linear
// model cannot solve. Run: pnpm demo (from the repo root), or node packages/nn/examples/xor.mjs.
import * as pt from '@pistil/nn';

pt.manualSeed(0);
const inputs = pt.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const targets = pt.tensor([[0], [1], [1], [0]]);

// Leaves: created, scaled, then marked as trainable.
const w1 = pt.randn([2, 8]).requiresGrad_();
const b1 = pt.zeros([8]).requiresGrad_();
const w2 = pt.randn([8, 1]).mul(0.5).requiresGrad_();
const b2 = pt.zeros([1]).requiresGrad_();
const params = [w1, b1, w2, b2];

const forward = (x) => x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
const lr = 0.5;
const steps = 2000;

for (let step = 1; step <= steps; step++) {
  const loss = pt.tidy(() => {
    const out = forward(inputs);
    // Binary cross-entropy, written out: −[y·log p + (1−y)·log(1−p)].
    const eps = 1e-7;
    const l = targets.mul(out.add(eps).log()).add(targets.neg().add(1).mul(out.neg().add(1 + eps).log())).mean().neg();
    l.backward();
    pt.noGrad(() => {
      for (const p of params) {
        p.assign(p.sub(p.grad.mul(lr)));
        p.grad.dispose();
        p.grad = null;
      }
    });
    return l.item();
  });
  if (step % 250 === 0 || step === 1) {
    console.log(`step ${String(step).padStart(4)}  loss ${loss.toFixed(5)}  live tensors ${pt.memory().tensors}`);
  }
}

const predictions = pt.noGrad(() => pt.tidy(() => forward(inputs).gt(0.5).int()));
const got = predictions.toArray().flat();
const want = [0, 1, 1, 0];
const correct = got.filter((v, i) => v === want[i]).length;
console.log(`predictions ${JSON.stringify(got)} (want ${JSON.stringify(want)})`);
console.log(`accuracy ${(100 * correct / 4).toFixed(0)}%`);

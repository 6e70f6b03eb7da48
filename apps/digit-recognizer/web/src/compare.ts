/**
 * "Same seed, same curve": trains the modern LeNet for a few steps from one seed on the CPU and
 * on WebGL — same initial weights (made on the CPU, then moved), same batches, same dropout masks
 * (the backends share one counter-based generator) — and reports the two loss curves and their
 * largest relative difference. Both compute in float32; only the order of summation differs.
 */
import type { MnistSlice } from './mnist-slice.js';
import type { CompareState } from './page-state.js';
import { Trainer } from './trainer.js';

export async function compareBackends(data: MnistSlice, options: { steps: number; batchSize: number; lr: number; seed: number }, into: CompareState): Promise<void> {
  for (const device of ['cpu', 'webgl'] as const) {
    const trainer = new Trainer(data, { device, batchSize: options.batchSize, lr: options.lr, seed: options.seed });
    try {
      for (let i = 0; i < options.steps; i++) into[device].push((await trainer.trainStep()).loss);
    } finally {
      trainer.dispose();
    }
  }
  into.maxRelativeDifference = Math.max(...into.cpu.map((c, i) => Math.abs(c - into.webgl[i]!) / Math.abs(c)));
  into.done = true;
}

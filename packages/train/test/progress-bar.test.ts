import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../src/index.js';
import type { BatchLog, EpochLog, TrainerContext } from '../src/index.js';
import { FakeStream } from './support/stream.js';

const ctx = { epochs: 3 } as TrainerContext;

/** Batch logs of an epoch of `n` batches of 32 samples, 0.1 s per batch, loss 1/i, accuracy i/n. */
function batchLogs(epoch: number, n: number, batches: number | null = n): BatchLog[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return { epoch, batch: i, batches, size: 32, loss: 1 / i, meanLoss: 1 / i, accuracy: i / n, samples: 32 * i, seconds: 0.1 * i };
  });
}

const epochLog: EpochLog = { epoch: 1, trainLoss: 0.25, trainAccuracy: 0.9, valLoss: 0.3, valAccuracy: 0.875, lr: 0.01, seconds: 2.04, imagesPerSecond: 320, valTop5: 0.99 };

function run(bar: ProgressBar, logs: BatchLog[], end: EpochLog = epochLog): void {
  bar.onEpochStart(logs[0]!.epoch, ctx);
  for (const b of logs) bar.onBatchEnd(b);
  bar.onEpochEnd(end);
}

describe('ProgressBar', () => {
  it('prints a plain line at every 10% and a summary when not a TTY', () => {
    const stream = new FakeStream(false);
    run(new ProgressBar({ stream }), batchLogs(1, 20));
    const lines = stream.text.trimEnd().split('\n');
    expect(lines).toHaveLength(10); // 10%, 20%, … 90%, then the summary
    expect(lines[0]).toBe('Epoch 1/3  2/20 (10%)  loss 0.5000  acc 10.00%  320 img/s  ETA 0:02');
    expect(lines[8]).toBe('Epoch 1/3  18/20 (90%)  loss 0.0556  acc 90.00%  320 img/s  ETA 0:00');
    expect(lines[9]).toBe('Epoch 1/3  2.0s  320 img/s  lr 0.0100  loss 0.2500  acc 90.00%  val loss 0.3000  val acc 87.50%  valTop5 0.9900');
    expect(stream.text).not.toMatch(/\r|\x1b/);
  });

  it('redraws one line in place in a TTY, throttled, and ends the epoch with the summary', () => {
    const stream = new FakeStream(true);
    let t = 0;
    const bar = new ProgressBar({ stream, refreshMs: 100, now: () => t });
    bar.onEpochStart(1, ctx);
    const logs = batchLogs(1, 10);
    for (const b of logs) {
      bar.onBatchEnd(b);
      t += 30; // ~3 batches per redraw
    }
    bar.onEpochEnd(epochLog);
    const frames = stream.text.split('\r\x1b[2K').filter((f) => f !== '');
    // Redraws at t = 0, 120, 240 (batches 1, 5, 9), the last batch, then the summary.
    expect(frames).toHaveLength(5);
    expect(frames[0]).toBe('Epoch 1/3  [==>.....................]  1/10  loss 1.0000  acc 10.00%  320 img/s  ETA 0:01');
    expect(frames[3]).toBe('Epoch 1/3  [========================]  10/10  loss 0.1000  acc 100.00%  320 img/s  ETA 0:00');
    expect(frames[4]).toBe('Epoch 1/3  2.0s  320 img/s  lr 0.0100  loss 0.2500  acc 90.00%  val loss 0.3000  val acc 87.50%  valTop5 0.9900\n');
    expect(frames.slice(0, 4).every((f) => !f.includes('\n'))).toBe(true);
  });

  it('cuts lines to the terminal width', () => {
    const stream = new FakeStream(true, 30);
    const bar = new ProgressBar({ stream, refreshMs: 0 });
    bar.onEpochStart(1, ctx);
    bar.onBatchEnd(batchLogs(1, 4)[0]!);
    expect(stream.text).toBe('\r\x1b[2K' + 'Epoch 1/3  [======>..........'); // 29 characters: one less than the 30 columns
  });

  it('without a known length, counts batches in the first epoch and uses that count after', () => {
    const stream = new FakeStream(false);
    const bar = new ProgressBar({ stream });
    run(bar, batchLogs(1, 10, null));
    expect(stream.text.trimEnd().split('\n')).toHaveLength(1); // only the summary: no length known yet
    stream.text = '';
    run(bar, batchLogs(2, 10, null), { ...epochLog, epoch: 2 });
    expect(stream.text.trimEnd().split('\n')).toHaveLength(10);
    expect(stream.text).toMatch(/^Epoch 2\/3 {2}1\/10 \(10%\)/);

    const tty = new FakeStream(true);
    const ttyBar = new ProgressBar({ stream: tty, refreshMs: 0 });
    ttyBar.onEpochStart(1, ctx);
    ttyBar.onBatchEnd(batchLogs(1, 3, null)[1]!);
    expect(tty.text).toBe('\r\x1b[2KEpoch 1/3  batch 2  loss 0.5000  acc 66.67%  320 img/s');
  });

  it('follows the stream’s isTTY unless told otherwise', () => {
    const stream = new FakeStream(true);
    run(new ProgressBar({ stream, tty: false }), batchLogs(1, 10));
    expect(stream.text).not.toMatch(/\r/);
  });
});

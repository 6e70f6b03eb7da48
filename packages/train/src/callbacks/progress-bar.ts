import type { EpochLog } from '../fit/history.js';
import { formatDuration, formatNumber, formatPercent, formatRate } from '../format.js';
import type { BatchLog, Callback, TrainerContext } from './callback.js';

/** Where progress goes: `process.stdout`, or anything with `write` (tests pass a fake). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** Default `process.stdout`. */
  stream?: ProgressStream;
  /** Redraw one line in place (terminal) or print plain lines (CI logs); default `stream.isTTY`. */
  tty?: boolean;
  /** Least milliseconds between redraws in a terminal (default 100). */
  refreshMs?: number;
  /** Clock in milliseconds, for tests (default `performance.now`). */
  now?: () => number;
}

const BAR = 24;
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Training progress. In a terminal, one line redrawn in place: epoch, a bar, batch i/n, loss,
 * accuracy, images/s and ETA, then a summary line per epoch. Elsewhere (CI logs), a plain line at
 * every 10% of the epoch and the summary. Without a known length, the previous epoch's batch
 * count stands in; the first epoch then shows counts only.
 */
export class ProgressBar implements Callback {
  private readonly stream: ProgressStream | null;
  private readonly tty: boolean;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private epochs = 0;
  private lastDraw = -Infinity;
  private lastTenth = 0;
  private lastBatches: number | null = null;
  private seen = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? (typeof process !== 'undefined' ? process.stdout : null);
    this.tty = options.tty ?? this.stream?.isTTY === true;
    this.refreshMs = options.refreshMs ?? 100;
    this.now = options.now ?? (() => performance.now());
  }

  onEpochStart(_epoch: number, ctx: TrainerContext): void {
    this.epochs = ctx.epochs;
    this.lastDraw = -Infinity;
    this.lastTenth = 0;
    this.seen = 0;
  }

  onBatchEnd(log: BatchLog): void {
    this.seen = log.batch;
    const batches = log.batches ?? this.lastBatches;
    if (this.tty) {
      const t = this.now();
      if (t - this.lastDraw < this.refreshMs && log.batch !== batches) return;
      this.lastDraw = t;
      this.write(CLEAR_LINE + this.fit(this.batchLine(log, batches, true)));
    } else if (batches) {
      const tenth = Math.floor((10 * log.batch) / batches);
      if (tenth > this.lastTenth && log.batch < batches) {
        this.lastTenth = tenth;
        this.write(`${this.batchLine(log, batches, false)}\n`);
      }
    }
  }

  onEpochEnd(log: EpochLog): void {
    this.lastBatches = this.seen;
    this.write(`${this.tty ? CLEAR_LINE : ''}${summaryLine(log, this.epochs)}\n`);
  }

  private batchLine(log: BatchLog, batches: number | null, bar: boolean): string {
    const parts = [`Epoch ${log.epoch}/${this.epochs}`];
    if (batches) {
      const done = Math.min(log.batch / batches, 1);
      if (bar) {
        const filled = Math.floor(done * BAR);
        parts.push(`[${'='.repeat(filled)}${filled < BAR ? '>' : ''}${'.'.repeat(Math.max(BAR - filled - 1, 0))}]`);
      }
      parts.push(`${log.batch}/${batches}${bar ? '' : ` (${Math.round(100 * done)}%)`}`);
    } else parts.push(`batch ${log.batch}`);
    parts.push(`loss ${formatNumber(log.meanLoss)}`);
    if (log.accuracy !== undefined) parts.push(`acc ${formatPercent(log.accuracy)}`);
    parts.push(`${formatRate(log.samples / log.seconds)} img/s`);
    if (batches) parts.push(`ETA ${formatDuration((log.seconds / log.batch) * Math.max(batches - log.batch, 0))}`);
    return parts.join('  ');
  }

  /** Cuts a line to the terminal's width so that redrawing in place never wraps. */
  private fit(line: string): string {
    const cols = this.stream?.columns;
    return cols && line.length >= cols ? line.slice(0, cols - 1) : line;
  }

  private write(text: string): void {
    this.stream?.write(text);
  }
}

const KNOWN = new Set(['epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'lr', 'seconds', 'imagesPerSecond']);

/** `Epoch 3/10  12.3s  4567 img/s  lr 0.01  loss 0.1234  acc 96.10%  val loss 0.1100  val acc 96.80%  valTop5 0.9990`. */
export function summaryLine(log: EpochLog, epochs: number): string {
  const parts = [`Epoch ${log.epoch}/${epochs}`, `${log.seconds.toFixed(1)}s`, `${formatRate(log.imagesPerSecond)} img/s`, `lr ${formatNumber(log.lr)}`];
  parts.push(`loss ${formatNumber(log.trainLoss)}`);
  if (log.trainAccuracy !== undefined) parts.push(`acc ${formatPercent(log.trainAccuracy)}`);
  if (log.valLoss !== undefined) parts.push(`val loss ${formatNumber(log.valLoss)}`);
  if (log.valAccuracy !== undefined) parts.push(`val acc ${formatPercent(log.valAccuracy)}`);
  for (const [key, value] of Object.entries(log)) if (!KNOWN.has(key) && typeof value === 'number') parts.push(`${key} ${formatNumber(value)}`);
  return parts.join('  ');
}

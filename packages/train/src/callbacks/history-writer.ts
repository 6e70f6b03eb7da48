import { writeFileAtomic, makeDir } from '../checkpoint/files.js';
import type { History } from '../fit/history.js';
import type { Callback, TrainerContext } from './callback.js';

/**
 * Writes the history as JSON to `path` after every epoch (atomically, so a crash leaves the last
 * whole version) and at the end. NaN losses are written as null, JSON having no NaN.
 */
export class HistoryWriter implements Callback {
  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new TypeError('HistoryWriter: path must be a file path');
  }

  async onEpochEnd(_log: unknown, ctx: TrainerContext): Promise<void> {
    await this.write(ctx.history);
  }

  async onTrainEnd(history: History): Promise<void> {
    await this.write(history);
  }

  private async write(history: History): Promise<void> {
    const slash = this.path.lastIndexOf('/');
    if (slash > 0) await makeDir(this.path.slice(0, slash));
    await writeFileAtomic(this.path, `${JSON.stringify(history, null, 2)}\n`);
  }
}

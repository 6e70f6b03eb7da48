/**
 * "Train here", as ConvNetJS's MNIST demo: a fresh modern LeNet learns in the page, with live
 * loss and accuracy curves, its first-layer filters, steps/s and images/s, on the backend chosen
 * for the page. Each step is awaited and the loop yields to the browser between steps, so
 * drawing and clicking keep working while it trains.
 */
import type { Module } from '@pistil/nn';
import { memorySample } from './backends.js';
import type { PageDevice } from './backends.js';
import { drawLines, smooth } from './charts.js';
import type { Series } from './charts.js';
import { drawFilters } from './filters.js';
import type { MnistSlice } from './mnist-slice.js';
import { reportError, state } from './page-state.js';
import { Trainer } from './trainer.js';

export interface TrainPanelOptions {
  /** Resolves the training data (fetched on first use). */
  data: () => Promise<MnistSlice>;
  /** The page's backend now (training follows it, moving between steps). */
  device: () => PageDevice;
  /** Hands a copy of the trained weights to the drawing pad. */
  useModel: (model: Module, label: string) => void;
  seed: number;
  /** Stop by itself after this many steps (0: never). */
  maxSteps: number;
  /** Test accuracy every this many steps (0: only when stopped). */
  evalEvery: number;
  /** Memory counts every this many steps. */
  memoryEvery: number;
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

/** Lets the browser handle input and paint: a macrotask each step, a frame every ~100 ms. */
let lastFrame = 0;
async function yieldToBrowser(): Promise<void> {
  if (performance.now() - lastFrame > 100) {
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    lastFrame = performance.now();
    return;
  }
  await new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

export class TrainPanel {
  readonly #options: TrainPanelOptions;
  #trainer: Trainer | null = null;
  #stopRequested = false;
  #loop: Promise<void> | null = null;
  #times: number[] = [];
  #chartsPending = false;
  readonly #toggle = $<HTMLButtonElement>('train-toggle');
  readonly #batch = $<HTMLSelectElement>('batch-size');
  readonly #lr = $<HTMLSelectElement>('learning-rate');
  readonly #reset = $<HTMLButtonElement>('train-reset');
  readonly #use = $<HTMLButtonElement>('use-model');
  readonly #status = $<HTMLParagraphElement>('train-status');

  constructor(options: TrainPanelOptions, initialBatch: number) {
    this.#options = options;
    if (![...this.#batch.options].some((o) => o.value === String(initialBatch))) this.#batch.add(new Option(String(initialBatch)));
    this.#batch.value = String(initialBatch);
    this.#toggle.addEventListener('click', () => (this.running ? this.stop() : void this.start()));
    this.#batch.addEventListener('change', () => {
      if (this.#trainer) this.#trainer.batchSize = Number(this.#batch.value);
    });
    this.#lr.addEventListener('change', () => {
      if (this.#trainer) this.#trainer.lr = Number(this.#lr.value);
    });
    this.#reset.addEventListener('click', () => void this.reset());
    this.#use.addEventListener('click', () => this.#useModel());
    this.#drawCharts();
  }

  get running(): boolean {
    return this.#loop !== null;
  }

  async start(): Promise<void> {
    if (this.#loop) return;
    this.#stopRequested = false;
    this.#toggle.textContent = 'Stop';
    state.training.running = true;
    state.training.finished = false;
    this.#loop = this.#run().finally(() => {
      this.#loop = null;
      state.training.running = false;
      this.#toggle.textContent = this.#trainer ? 'Resume training' : 'Start training';
    });
    await this.#loop;
  }

  stop(): void {
    this.#stopRequested = true;
  }

  /** Stops and waits for the current step to end. */
  async halt(): Promise<void> {
    this.stop();
    await this.#loop;
  }

  /** Forgets the model: the next start trains a fresh one. */
  async reset(): Promise<void> {
    await this.halt();
    this.#trainer?.dispose();
    this.#trainer = null;
    const t = state.training;
    Object.assign(t, { step: 0, epoch: 0, device: null, losses: [], accuracies: [], testAccuracy: [], memory: [], stepsPerSecond: null, imagesPerSecond: null, finished: false, error: null });
    this.#use.disabled = true;
    this.#toggle.textContent = 'Start training';
    this.#showStats();
    this.#drawCharts();
  }

  async #run(): Promise<void> {
    const o = this.#options;
    const t = state.training;
    try {
      this.#status.textContent = 'loading the MNIST slice…';
      const data = await o.data();
      if (!this.#trainer) {
        this.#trainer = new Trainer(data, { device: o.device(), batchSize: Number(this.#batch.value), lr: Number(this.#lr.value), seed: o.seed });
        await this.#drawFilters();
      }
      const trainer = this.#trainer;
      this.#status.textContent = `training on ${data.train.count} images, testing on ${data.test.count}`;
      this.#status.className = 'status ok';
      this.#times = [];
      while (!this.#stopRequested) {
        if (o.device() !== trainer.device) trainer.moveTo(o.device());
        const r = await trainer.trainStep();
        this.#times.push(performance.now());
        if (this.#times.length > 21) this.#times.shift();
        t.step = trainer.step;
        t.epoch = trainer.epoch;
        t.batchSize = r.size;
        t.device = trainer.device as PageDevice;
        t.losses.push(r.loss);
        t.accuracies.push(r.correct / r.size);
        if (this.#times.length > 1) {
          const seconds = (this.#times.at(-1)! - this.#times[0]!) / 1000;
          t.stepsPerSecond = (this.#times.length - 1) / seconds;
          t.imagesPerSecond = t.stepsPerSecond * r.size;
        }
        if (o.memoryEvery > 0 && trainer.step % o.memoryEvery === 0) t.memory.push({ step: trainer.step, ...memorySample(trainer.device) });
        if (trainer.step % 10 === 0) await this.#drawFilters();
        if (o.evalEvery > 0 && trainer.step % o.evalEvery === 0) await this.#evaluate();
        this.#showStats();
        this.#scheduleCharts();
        this.#use.disabled = false;
        if (o.maxSteps > 0 && trainer.step >= o.maxSteps) {
          t.finished = true;
          break;
        }
        await yieldToBrowser();
      }
      if (o.evalEvery === 0 || trainer.step % o.evalEvery !== 0) await this.#evaluate();
      await this.#drawFilters();
      this.#showStats();
      this.#drawCharts();
      this.#status.textContent = `stopped at step ${trainer.step}`;
    } catch (err) {
      t.error = reportError('training', err);
      this.#status.textContent = t.error;
      this.#status.className = 'status';
    }
  }

  async #evaluate(): Promise<void> {
    if (!this.#trainer) return;
    const accuracy = await this.#trainer.evaluate();
    state.training.testAccuracy.push([this.#trainer.step, accuracy]);
  }

  async #drawFilters(): Promise<void> {
    if (!this.#trainer) return;
    const { values, shape } = await this.#trainer.firstLayer();
    drawFilters($<HTMLCanvasElement>('filters'), values, shape);
  }

  #showStats(): void {
    const t = state.training;
    const text = (id: string, value: string) => ($(id).textContent = value);
    const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);
    const recent = t.accuracies.slice(-20);
    text('stat-step', String(t.step));
    text('stat-epoch', String(t.epoch));
    text('stat-loss', t.losses.length ? t.losses.at(-1)!.toFixed(4) : '–');
    text('stat-train-acc', recent.length ? pct(recent.reduce((s, v) => s + v, 0) / recent.length) : '–');
    text('stat-test-acc', pct(t.testAccuracy.at(-1)?.[1]));
    text('stat-steps', t.stepsPerSecond === null ? '–' : t.stepsPerSecond.toFixed(1));
    text('stat-images', t.imagesPerSecond === null ? '–' : t.imagesPerSecond.toFixed(0));
    text('stat-backend', t.device ?? '–');
    const m = t.memory.at(-1);
    text('stat-tensors', m ? String(m.tensors) : '–');
    text('stat-textures', m?.textures === null || m === undefined ? '–' : `${m.textures} (${m.buffers} in use)`);
  }

  /** Charts are redrawn at most once a frame. */
  #scheduleCharts(): void {
    if (this.#chartsPending) return;
    this.#chartsPending = true;
    requestAnimationFrame(() => {
      this.#chartsPending = false;
      this.#drawCharts();
    });
  }

  #drawCharts(): void {
    const t = state.training;
    const losses = t.losses.map((l, i) => [i + 1, l] as const);
    const loss: Series[] = [
      { name: 'loss', color: '#9ecae1', points: losses, lineWidth: 1 },
      { name: 'moving average', color: '#1f77b4', points: smooth(losses, 0.05), lineWidth: 2 },
    ];
    drawLines($<HTMLCanvasElement>('loss-chart'), loss, { logY: true });
    const acc: Series[] = [
      { name: 'train (moving average)', color: '#1f77b4', points: smooth(t.accuracies.map((a, i) => [i + 1, a] as const), 0.05), lineWidth: 2 },
      { name: 'test', color: '#d62728', points: t.testAccuracy, dots: true },
    ];
    drawLines($<HTMLCanvasElement>('acc-chart'), acc, { yMin: 0, yMax: 1 });
  }

  #useModel(): void {
    if (!this.#trainer) return;
    const device = this.#options.device();
    this.#options.useModel(this.#trainer.snapshot(device), `Pistil (trained here, step ${this.#trainer.step})`);
  }
}

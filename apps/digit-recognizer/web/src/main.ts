/** The page: wires the drawing pad, the runtimes, the backend switch and the training panel together. */
import './style.css';
import { setDefaultDevice } from '@pistil/nn';
import type { Module } from '@pistil/nn';
import { mnistLikeInput } from '../../src/mnist-like.js';
import { startWebGL } from './backends.js';
import type { PageDevice } from './backends.js';
import { drawBars } from './charts.js';
import { compareBackends } from './compare.js';
import { DrawPad } from './draw-pad.js';
import { drawField } from './filters.js';
import { fetchMnistSlice } from './mnist-slice.js';
import type { MnistSlice } from './mnist-slice.js';
import { loadWebModel } from './model-loader.js';
import type { WebModelConfig } from './model-loader.js';
import type { Predictor } from './predict.js';
import { PistilPredictor } from './predict.js';
import { exposeState, reportError, state, urlNumber, urlParam } from './page-state.js';
import type { PageState } from './page-state.js';
import { TrainPanel } from './train-panel.js';
import { MODERN_NORMALIZATION } from './trainer.js';

const BASE = import.meta.env.BASE_URL;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const runtimeSelect = $<HTMLSelectElement>('runtime');
const backendSelect = $<HTMLSelectElement>('backend');
const backendStatus = $<HTMLSpanElement>('backend-status');
const pageStatus = $<HTMLParagraphElement>('page-status');

let config: WebModelConfig | null = null;
let pistil: PistilPredictor | null = null;
let trained: PistilPredictor | null = null;
let onnx: Promise<Predictor> | null = null;
let slice: Promise<MnistSlice> | null = null;

exposeState();
drawBars($('bars'), null);
drawField($('field'), null);

const pad = new DrawPad($('pad'), { onChange: () => void requestPrediction() });
$('clear').addEventListener('click', () => {
  pad.clear();
  void requestPrediction();
});

// ---- reading the drawing -------------------------------------------------------------------

async function currentPredictor(): Promise<Predictor | null> {
  switch (state.runtime) {
    case 'onnx':
      if (!onnx && config) {
        const { OnnxPredictor } = await import('./onnx-runtime.js');
        onnx = OnnxPredictor.create(`${BASE}model/model.onnx`, config.normalization);
        onnx.catch(() => (onnx = null));
      }
      return onnx;
    case 'trained':
      return trained;
    default:
      return pistil;
  }
}

function showPrediction(p: PageState['prediction']): void {
  state.prediction = p;
  $('digit').textContent = p ? String(p.digit) : '·';
  $('confidence').textContent = p ? `${(100 * p.probabilities[p.digit]!).toFixed(1)}%` : 'draw a digit';
  $('ran-on').textContent = p ? `${p.runtime} on ${p.backend}: forward ${p.ms.toFixed(1)} ms` : '';
  drawBars($('bars'), p ? p.probabilities : null);
}

let predicting = false;
let again = false;
let serial = 0;

/** Reads the pad and predicts; calls made while one runs coalesce into one more run after it. */
async function requestPrediction(): Promise<void> {
  if (predicting) {
    again = true;
    return;
  }
  predicting = true;
  try {
    do {
      again = false;
      await predictOnce();
    } while (again);
  } catch (err) {
    pageStatus.textContent = reportError('prediction', err);
  } finally {
    predicting = false;
  }
}

async function predictOnce(): Promise<void> {
  const strokes = pad.strokes;
  const final = !pad.drawing;
  const grey = pad.grey();
  const predictor = await currentPredictor();
  const input = mnistLikeInput(grey, predictor?.normalization ?? MODERN_NORMALIZATION);
  drawField($('field'), input?.field ?? null);
  if (!input || !predictor) {
    showPrediction(null);
    return;
  }
  const r = await predictor.predict(input.data, input.side);
  const probabilities = Array.from(r.probabilities);
  const digit = probabilities.indexOf(Math.max(...probabilities));
  showPrediction({ digit, probabilities, runtime: r.runtime, backend: r.backend, ms: r.ms, strokes, final, serial: ++serial });
}

// ---- runtime and backend -------------------------------------------------------------------

runtimeSelect.addEventListener('change', () => {
  state.runtime = runtimeSelect.value as PageState['runtime'];
  backendSelect.disabled = false;
  void requestPrediction();
});

function setDevice(device: PageDevice): void {
  if (device === 'webgl' && !state.webgl?.available) {
    backendSelect.value = 'cpu';
    backendStatus.textContent = `WebGL cannot start: ${state.webgl?.reason ?? 'unknown reason'} — staying on cpu`;
    return;
  }
  setDefaultDevice(device);
  state.device = device;
  backendSelect.value = device;
  pistil?.moveTo(device);
  trained?.moveTo(device);
}

backendSelect.addEventListener('change', () => {
  try {
    setDevice(backendSelect.value as PageDevice);
  } catch (err) {
    backendStatus.textContent = reportError('backend', err);
  }
  void requestPrediction();
});

// ---- training ------------------------------------------------------------------------------

const data = (): Promise<MnistSlice> => (slice ??= fetchMnistSlice(`${BASE}mnist-slice.bin`).catch((err: unknown) => {
  slice = null;
  throw err;
}));

const panel = new TrainPanel({
  data,
  device: () => state.device,
  seed: urlNumber('seed', 1),
  maxSteps: urlNumber('steps', 0),
  evalEvery: urlNumber('evalEvery', 100),
  memoryEvery: urlNumber('memoryEvery', 20),
  useModel: (model: Module, label: string) => {
    trained?.model.dispose();
    trained = new PistilPredictor(label, model, MODERN_NORMALIZATION, state.device);
    const option = runtimeSelect.querySelector<HTMLOptionElement>('option[value="trained"]')!;
    option.disabled = false;
    option.textContent = label;
    runtimeSelect.value = 'trained';
    state.runtime = 'trained';
    void requestPrediction();
  },
}, urlNumber('batch', 16));

const compareButton = $<HTMLButtonElement>('compare');
compareButton.addEventListener('click', () => void (async () => {
  const status = $('train-status');
  compareButton.disabled = true;
  const steps = urlNumber('compareSteps', 10);
  const batchSize = Number($<HTMLSelectElement>('batch-size').value);
  const result: NonNullable<PageState['compare']> = { steps, batchSize, seed: urlNumber('seed', 1), cpu: [], webgl: [], maxRelativeDifference: NaN, done: false, error: null };
  state.compare = result;
  try {
    await panel.halt();
    status.textContent = `training ${steps} steps from seed ${result.seed} on cpu, then on webgl…`;
    await compareBackends(await data(), { steps, batchSize, lr: Number($<HTMLSelectElement>('learning-rate').value), seed: result.seed }, result);
    status.textContent = `same seed, ${steps} steps of batch ${batchSize}: largest relative loss difference cpu vs webgl ${result.maxRelativeDifference.toExponential(2)} (cpu ${result.cpu.map((l) => l.toFixed(4)).join(' ')})`;
  } catch (err) {
    result.error = reportError('compare', err);
    status.textContent = result.error;
  } finally {
    compareButton.disabled = !state.webgl?.available;
  }
})());

// ---- start-up ------------------------------------------------------------------------------

async function startUp(): Promise<void> {
  state.webgl = await startWebGL();
  const webglOption = backendSelect.querySelector<HTMLOptionElement>('option[value="webgl"]')!;
  if (!state.webgl.available) {
    webglOption.disabled = true;
    webglOption.textContent = 'webgl (unavailable)';
    backendStatus.textContent = `WebGL cannot start: ${state.webgl.reason}`;
    compareButton.disabled = true;
  } else {
    backendStatus.className = 'status ok';
    backendStatus.textContent = 'WebGL2 ready';
  }
  const wanted = (urlParam('backend') ?? (state.webgl.available ? 'webgl' : 'cpu')) as PageDevice;
  setDevice(wanted === 'webgl' || wanted === 'cpu' ? wanted : 'cpu');
  const loaded = await loadWebModel(`${BASE}model/`, state.device);
  config = loaded.config;
  pistil = new PistilPredictor('Pistil (model.safetensors)', loaded.model, loaded.config.normalization, state.device);
  const runtime = urlParam('runtime');
  if (runtime === 'onnx' || runtime === 'pistil') {
    runtimeSelect.value = runtime;
    state.runtime = runtime;
  }
  pageStatus.className = 'status ok';
  pageStatus.textContent = `model loaded (${loaded.config.model} LeNet, ${(loaded.bytes / 1024).toFixed(0)} KiB of weights)`;
  state.ready = true;
}

startUp().catch((err: unknown) => {
  pageStatus.className = 'status';
  pageStatus.textContent = reportError('start-up', err);
});

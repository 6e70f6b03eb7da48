/**
 * What the page shows, as data. Tests read it through `window.__pistilPage` (a copy on every
 * read: the hook cannot change the page; the page is driven only through its controls and real
 * pointer events).
 */

export type PageDevice = 'cpu' | 'webgl';

export interface WebGLStatus {
  available: boolean;
  /** Why WebGL cannot be used (the DeviceError/BackendError message), when it cannot. */
  reason?: string;
}

/** Counts that must stay flat while training: live tensors, the device's live buffers, and (WebGL) its textures. */
export interface MemorySample {
  tensors: number;
  buffers: number;
  bytes: number;
  /** GL textures the WebGL backend holds, in use or pooled; null on other devices. */
  textures: number | null;
}

export interface PredictionState {
  digit: number;
  probabilities: number[];
  runtime: string;
  backend: string;
  ms: number;
  /** Strokes on the pad when its pixels were read, and whether the last stroke had ended. */
  strokes: number;
  final: boolean;
  /** Counts predictions shown since the page loaded. */
  serial: number;
}

export interface TrainingState {
  running: boolean;
  step: number;
  epoch: number;
  batchSize: number;
  device: PageDevice | null;
  losses: number[];
  /** Training-batch accuracy per step. */
  accuracies: number[];
  testAccuracy: [step: number, accuracy: number][];
  /** Sampled every `memoryEvery` steps, after the step. */
  memory: (MemorySample & { step: number })[];
  stepsPerSecond: number | null;
  imagesPerSecond: number | null;
  /** Set when the page stopped by itself after the `steps` URL parameter. */
  finished: boolean;
  error: string | null;
}

export interface CompareState {
  steps: number;
  batchSize: number;
  seed: number;
  cpu: number[];
  webgl: number[];
  /** max over steps of |cpu − webgl| / |cpu|. */
  maxRelativeDifference: number;
  done: boolean;
  error: string | null;
}

export interface PageState {
  ready: boolean;
  webgl: WebGLStatus | null;
  device: PageDevice;
  runtime: 'pistil' | 'onnx' | 'trained';
  prediction: PredictionState | null;
  training: TrainingState;
  compare: CompareState | null;
  errors: string[];
}

export const state: PageState = {
  ready: false,
  webgl: null,
  device: 'cpu',
  runtime: 'pistil',
  prediction: null,
  training: { running: false, step: 0, epoch: 0, batchSize: 0, device: null, losses: [], accuracies: [], testAccuracy: [], memory: [], stepsPerSecond: null, imagesPerSecond: null, finished: false, error: null },
  compare: null,
  errors: [],
};

declare global {
  interface Window {
    /** Read-only view of the page's state, for tests. */
    readonly __pistilPage: PageState;
  }
}

export function exposeState(): void {
  Object.defineProperty(window, '__pistilPage', { get: () => structuredClone(state), configurable: false });
}

export function reportError(where: string, err: unknown): string {
  const message = `${where}: ${err instanceof Error ? err.message : String(err)}`;
  state.errors.push(message);
  console.error(message, err);
  return message;
}

/** The page's URL parameters, with defaults (e.g. `?backend=cpu&batch=8&steps=200`). */
export function urlParam(name: string): string | null {
  return new URLSearchParams(location.search).get(name);
}

export function urlNumber(name: string, fallback: number): number {
  const v = Number(urlParam(name));
  return urlParam(name) !== null && Number.isFinite(v) ? v : fallback;
}

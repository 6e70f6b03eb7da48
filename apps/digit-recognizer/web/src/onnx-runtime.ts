/**
 * model.onnx through onnxruntime-web, on its WebAssembly execution provider with one thread.
 * The .wasm file comes from node_modules/onnxruntime-web/dist through Vite (`?url` import: copied
 * into the build, served by the dev server), so no CDN is ever asked for it.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Normalization } from '../../src/mnist-like.js';
import type { Prediction, Predictor } from './predict.js';
import { softmax } from './predict.js';

export class OnnxPredictor implements Predictor {
  readonly runtime = 'ONNX (onnxruntime-web)';
  readonly backend = 'wasm';

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly normalization: Normalization,
  ) {}

  /** Starts a session on `url` (the file exported by `digit-recognizer export`). */
  static async create(url: string, normalization: Normalization): Promise<OnnxPredictor> {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, document.baseURI).href };
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return new OnnxPredictor(session, normalization);
  }

  async predict(input: Float32Array, side: number): Promise<Prediction> {
    const start = performance.now();
    const feeds = { [this.session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 1, side, side]) };
    const out = await this.session.run(feeds);
    const logits = out[this.session.outputNames[0]!]!;
    const probabilities = softmax(logits.data as Float32Array);
    logits.dispose();
    return { probabilities, ms: performance.now() - start, runtime: this.runtime, backend: this.backend };
  }
}

// Loads one library in the worker process: Pistil, tfjs-core on its cpu or wasm backend, or
// onnxruntime-node. Only the library a worker runs is imported.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerAllGradients } from './tfjs-gradients.mjs';
import { registerWasmConv2dBackpropFilter } from './wasm-filter-grad.mjs';

const require = createRequire(import.meta.url);

/** Version of an installed package (read from its package.json). */
export function versionOf(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    // Packages whose "exports" hide package.json: walk up from the entry point.
    const fs = require('node:fs');
    let dir = path.dirname(require.resolve(name));
    while (dir !== path.dirname(dir)) {
      const p = path.join(dir, 'package.json');
      if (fs.existsSync(p)) {
        const pkg = JSON.parse(fs.readFileSync(p, 'utf8'));
        if (pkg.name === name) return pkg.version;
      }
      dir = path.dirname(dir);
    }
    return 'unknown';
  }
}

/**
 * Pistil. Threads: the CPU backend reads PISTIL_THREADS (once, when it starts; without it, it
 * uses every core), so the worker sets it to the case's count before importing Pistil. The count
 * in effect is read back from the started backend (@pistil/backend's getBackend('cpu'), reached
 * through @pistil/backend-cpu's own dependency); a backend without threads reports 1.
 */
async function loadPistil(threads) {
  process.env.PISTIL_THREADS = String(threads);
  const pt = await import('@pistil/nn');
  const { SGD } = await import('@pistil/optim');
  const { exportOnnx } = await import('@pistil/onnx');
  pt.setDefaultDevice('cpu');
  const backendPkg = createRequire(require.resolve('@pistil/backend-cpu')).resolve('@pistil/backend');
  const { initBackend } = await import(pathToFileURL(backendPkg).href);
  const backend = await initBackend('cpu');
  await backend.ready; // worker threads up (a backend without threads has no `ready`)
  const threadsInEffect = backend.threads ?? 1;
  if (threadsInEffect !== threads) {
    if (threads > 1) return { skipped: `the Pistil CPU backend runs ${threadsInEffect} thread(s) when asked for ${threads} (no thread support here)` };
    throw new Error(`the Pistil CPU backend runs ${threadsInEffect} threads with PISTIL_THREADS=1`);
  }
  const notes = backend.kernelVariant ? [`kernels ${backend.kernelVariant}`] : [];
  return { pt, SGD, exportOnnx, threads: threadsInEffect, notes, version: versionOf('@pistil/nn') };
}

async function loadTfjs(backend, threads) {
  const tf = await import('@tensorflow/tfjs-core');
  tf.enableProdMode(); // as a deployed app would run it (also silences the "use tfjs-node" banner)
  await registerAllGradients(); // as @tensorflow/tfjs does; tfjs-core alone has none
  const notes = [];
  if (backend === 'cpu') {
    if (threads > 1) return { skipped: 'tfjs-backend-cpu is single-threaded' };
    await import('@tensorflow/tfjs-backend-cpu');
  } else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dist); // the .wasm binaries shipped in the npm package; nothing is downloaded
    const multi = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (threads > 1 && !multi) return { skipped: 'tfjs-backend-wasm has no multi-threaded build under Node (no Worker-based pthreads)' };
    wasm.setThreadsCount(threads);
    notes.push(`simd ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}`);
    registerWasmConv2dBackpropFilter(tf);
    notes.push('Conv2DBackpropFilter patched in');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  await tf.ready();
  let threadsInEffect = 1;
  if (backend === 'wasm') threadsInEffect = (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
  return { tf, threads: threadsInEffect, notes, version: versionOf('@tensorflow/tfjs-core') };
}

async function loadOrt(threads) {
  const ort = (await import('onnxruntime-node')).default;
  const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  // Pistil is loaded too (on 1 thread), only to export the models ORT runs, before any timing.
  const pistil = await loadPistil(1);
  return { ort, sessionOptions, pistil, threads, version: versionOf('onnxruntime-node') };
}

export const LIBRARIES = ['pistil', 'tfjs-cpu', 'tfjs-wasm', 'ort'];

export function loadLibrary(lib, threads) {
  switch (lib) {
    case 'pistil':
      return loadPistil(threads);
    case 'tfjs-cpu':
      return loadTfjs('cpu', threads);
    case 'tfjs-wasm':
      return loadTfjs('wasm', threads);
    case 'ort':
      return loadOrt(threads);
    default:
      throw new Error(`unknown library ${lib}`);
  }
}

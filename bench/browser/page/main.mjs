// The bench page. The runner (bench/browser/run.mjs) opens it once per case and calls
// window.pistilBench.run({ workload, lib, batch, seconds }) through page.evaluate: the page loads
// that one library, runs the check steps (which also warm up), one more warm-up step, then times
// the step for at least `seconds` (at least one iteration), as bench/worker.mjs does in Node.
import { measure } from '../../lib/common.mjs';
import { BROWSER_WORKLOADS } from '../cases.mjs';
import { loadLibrary } from './libs.mjs';

/** What draws: WEBGL_debug_renderer_info's unmasked renderer (else RENDERER), vendor, GL version. */
function renderer() {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { renderer: 'no WebGL2 context', vendor: '', glVersion: '' };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const out = {
    renderer: info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    vendor: info ? gl.getParameter(info.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
    glVersion: gl.getParameter(gl.VERSION),
    floatRenderTargets: gl.getExtension('EXT_color_buffer_float') !== null,
  };
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return out;
}

async function run({ workload: id, lib, batch, seconds = 1.5, checkOnly = false }) {
  const workload = BROWSER_WORKLOADS.find((w) => w.id === id);
  if (!workload) throw new Error(`unknown workload ${id}`);
  const env = await loadLibrary(lib);
  const instance = await workload.setup(lib, env, batch);
  const t0 = performance.now();
  const check = await instance.check();
  const checkMs = performance.now() - t0;
  if (checkOnly) return { check, checkMs, batch, notes: env.notes };
  const timing = await measure(instance.step, { seconds, warmupSeconds: Math.min(0.3, seconds), minWarmup: 1 });
  return { check, checkMs, batch, timing, notes: env.notes, userAgent: navigator.userAgent };
}

window.pistilBench = { run, renderer };
window.pistilBenchReady = true;

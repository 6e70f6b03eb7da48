// Runs ONE (library, workload) case in its own process: loads the library, sets the workload up,
// runs the correctness-check steps (which also warm up), then times it.
//   node worker.mjs '{"workload":"sgemm256","lib":"pistil","threads":1,"seconds":1.5}'
// Answers with one message over IPC (when forked by run.mjs) or one JSON line on stdout.
import { measure } from './lib/common.mjs';
import { loadLibrary } from './lib/libs.mjs';
import { findWorkload } from './workloads/index.mjs';

const reply = (msg) => new Promise((resolve) => (process.send ? process.send(msg, resolve) : process.stdout.write(`${JSON.stringify(msg)}\n`, resolve)));

async function main() {
  const { workload: id, lib, threads = 1, seconds = 1.5, checkOnly = false } = JSON.parse(process.argv[2] ?? '{}');
  const workload = findWorkload(id);
  const env = await loadLibrary(lib, threads);
  if (env.skipped) return { skipped: env.skipped };
  // The check runs at checkBatch (smaller where tfjs-cpu would take minutes), the timing at the
  // workload's batch (or a library's own, where batchFor says so).
  const checkBatch = workload.checkBatch ?? workload.batch;
  const batch = workload.batchFor?.[lib] ?? workload.batch;
  let instance = await workload.setup(lib, env, checkBatch);
  const t0 = performance.now();
  const check = await instance.check();
  const checkMs = performance.now() - t0;
  if (checkOnly) return { check, checkMs, threads: env.threads };
  if (batch !== checkBatch) {
    instance = null; // let the check's tensors go (Pistil frees them by FinalizationRegistry)
    instance = await workload.setup(lib, env, batch);
  }
  // The check warmed up the code paths; one more warm-up step at the timed batch unless the
  // check steps took seconds.
  const timing = await measure(instance.step, { seconds, warmupSeconds: Math.min(0.3, seconds), minWarmup: checkMs > 3000 && batch === checkBatch ? 0 : 1 });
  return { check, checkMs, batch, timing, threads: env.threads, version: env.version, notes: env.notes ?? [] };
}

main().then(
  async (result) => {
    await reply({ ok: true, ...result });
    process.exit(0);
  },
  async (err) => {
    await reply({ ok: false, error: String(err?.stack ?? err) });
    process.exit(1);
  },
);

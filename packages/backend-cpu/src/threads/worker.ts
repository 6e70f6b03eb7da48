/**
 * A pool worker (worker_threads in Node, module Web Worker in browsers). It gets one InitMessage,
 * instantiates the module on the shared memory, replies, and from then on only waits on its slot
 * of the control block: each generation bump is a task. It never returns to its event loop.
 */
import { wasmImports } from './imports.js';
import {
  COUNT,
  Control,
  DONE,
  FN,
  GEN,
  IDLE,
  PENDING,
  RANK,
  STARTING,
  STATE,
  STRIDE,
  describeError,
  spinWhile,
  type InitMessage,
  type ReadyMessage,
} from './protocol.js';

type Exported = (...args: number[]) => unknown;

interface Port {
  post(message: ReadyMessage): void;
  onMessage(handler: (message: InitMessage) => void): void;
  close(): void;
}

async function parentPort(): Promise<Port> {
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') {
    const { parentPort: port } = await import('node:worker_threads');
    if (!port) throw new Error('threads: worker.js must run as a worker');
    return {
      post: (message) => port.postMessage(message),
      onMessage: (handler) => port.once('message', handler),
      close: () => port.close(),
    };
  }
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    close(): void;
    addEventListener(type: 'message', handler: (event: MessageEvent<InitMessage>) => void, options: { once: boolean }): void;
  };
  return {
    post: (message) => scope.postMessage(message),
    onMessage: (handler) => scope.addEventListener('message', (event) => handler(event.data), { once: true }),
    close: () => scope.close(),
  };
}

function serve(init: InitMessage, port: Port): void {
  const control = new Control(init.control, init.workers);
  let fns: Exported[];
  try {
    const { exports } = new WebAssembly.Instance(init.module, wasmImports(init.memory));
    fns = init.names.map((name) => exports[name] as Exported);
  } catch (error) {
    port.post({ ok: false, message: describeError(error) });
    return;
  }
  const { i32 } = control;
  const gen = control.slot(init.worker, GEN);
  const state = control.slot(init.worker, STATE);
  let seen = Atomics.load(i32, gen);
  // The pool may have been destroyed while this worker was starting.
  if (Atomics.compareExchange(i32, state, STARTING, IDLE) !== STARTING) return port.close();
  port.post({ ok: true });

  const args: number[] = [];
  // Right after a task, poll a while for the next one before sleeping (waking up is slow).
  let spin = false;
  for (;;) {
    const now = spin ? spinWhile(i32, gen, seen, init.spinMs) : Atomics.load(i32, gen);
    if (now === seen) {
      spin = false;
      Atomics.wait(i32, gen, seen);
      continue;
    }
    seen = now;
    spin = true;
    if (Atomics.load(i32, state) !== IDLE) break;
    try {
      const fn = fns[i32[FN]!]!;
      const count = i32[COUNT]!;
      const stride = i32[STRIDE]!;
      let done = 0;
      for (let chunk = i32[control.slot(init.worker, RANK)]!; chunk < count; chunk += stride) {
        try {
          fn(...control.readChunk(chunk, args));
          done++;
        } catch (error) {
          control.recordError(chunk, describeError(error));
          break;
        }
      }
      if (done > 0) Atomics.add(i32, DONE, done);
    } finally {
      if (Atomics.sub(i32, PENDING, 1) === 1) Atomics.notify(i32, PENDING);
    }
  }
  port.close();
}

const port = await parentPort();
port.onMessage((init) => serve(init, port));

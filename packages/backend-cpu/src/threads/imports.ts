/** The imports every instance gets, on the calling thread and in workers: `{ env: { memory, abort } }`. */
export function wasmImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      // AssemblyScript's abort(message, fileName, line, column): throw, so the pool reports it like a trap.
      abort(message: number, file: number, line: number, column: number): never {
        throw new Error(`abort: ${readString(memory, message) || 'no message'} at ${readString(memory, file) || '?'}:${line}:${column}`);
      },
    },
  };
}

/** An AssemblyScript string: UTF-16 code units, byte length in the uint32 before the pointer. */
function readString(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return '';
  const view = new DataView(memory.buffer);
  if (ptr < 4 || ptr > view.byteLength) return '?';
  const units = Math.min(view.getUint32(ptr - 4, true) >>> 1, 512);
  if (ptr + units * 2 > view.byteLength) return '?';
  let s = '';
  for (let i = 0; i < units; i++) s += String.fromCharCode(view.getUint16(ptr + i * 2, true));
  return s;
}

/**
 * The draw-a-digit page: `pnpm web:dev`, `pnpm web:build` (into web/dist), `pnpm web:preview`.
 * Everything it loads is served from here: the page, the model files and the MNIST slice from
 * web/public, onnxruntime-web's WebAssembly from node_modules (imported with `?url`, so Vite
 * copies it into the build); nothing is fetched from the internet.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built page works from any folder or sub-path.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // onnxruntime-web's WebAssembly is ~14 MB; it is one file, loaded only when ONNX is chosen.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      onwarn(warning, warn) {
        // @pistil/nn's file I/O and @pistil/backend-cpu's Node worker threads import node:* lazily,
        // only when they run under Node; in the page those branches never run.
        if (/"node:[a-z_/]+" has been externalized for browser compatibility/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  // @pistil/backend-cpu's thread pool worker is an ES module with top-level await.
  worker: { format: 'es' },
  // onnxruntime-web locates its files itself; pre-bundling it would move them.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

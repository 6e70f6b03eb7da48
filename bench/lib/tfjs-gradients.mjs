// tfjs-core's bundles (what `import '@tensorflow/tfjs-core'` loads in Node) hold no gradients;
// @tensorflow/tfjs registers them from dist/register_all_gradients. That file is ESM written for
// bundlers, so it is loaded through module hooks. The registries, engine and Tensor instanceof
// checks of tfjs-core are global, so the gradients it registers serve the bundle's ops.
import { register } from 'node:module';

let done = false;
export async function registerAllGradients() {
  if (done) return;
  register('./tfjs-gradients-hooks.mjs', import.meta.url);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  done = true;
}

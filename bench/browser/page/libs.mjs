// Loads ONE library into the page (each is a separate chunk, imported only when asked for), the
// way an app would: Pistil with @pistil/backend-webgl as the default device, or tfjs-core on
// tfjs-backend-webgl with its default flags (packed textures, float32 where renderable).

async function loadPistil() {
  const pt = await import('@pistil/nn');
  const { SGD } = await import('@pistil/optim');
  await import('@pistil/backend-webgl'); // registers the 'webgl' device
  pt.setDefaultDevice('webgl'); // starts the backend (throws with the reason when WebGL2 is unusable)
  return { pt, SGD, notes: [`default device ${pt.getDefaultDevice()}`] };
}

async function loadTfjs() {
  const tf = await import('@tensorflow/tfjs-core');
  // tfjs-core alone registers no gradients; @tensorflow/tfjs does it with this file.
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  await import('@tensorflow/tfjs-backend-webgl');
  tf.enableProdMode();
  if (!(await tf.setBackend('webgl'))) throw new Error('tfjs: the webgl backend failed to initialise');
  await tf.ready();
  const env = tf.env();
  const notes = [`WEBGL_VERSION ${env.getNumber('WEBGL_VERSION')}`, `WEBGL_PACK ${env.getBool('WEBGL_PACK')}`, `WEBGL_RENDER_FLOAT32_ENABLED ${env.getBool('WEBGL_RENDER_FLOAT32_ENABLED')}`];
  return { tf, notes };
}

export function loadLibrary(lib) {
  if (lib === 'pistil-webgl') return loadPistil();
  if (lib === 'tfjs-webgl') return loadTfjs();
  throw new Error(`unknown library ${lib}`);
}

// Module hooks (node:module register) that let plain Node load tfjs-core's ESM build
// (dist/**/*.js: ESM syntax, extensionless relative imports, in a package without "type": "module").
// Used only to import dist/register_all_gradients.js, see tfjs-gradients.mjs.
const DIST = '/@tensorflow/tfjs-core/dist/';

export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes(DIST) && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.includes(DIST) && url.endsWith('.js') && !/tf-core\.[^/]*js$/.test(url)) return next(url, { ...context, format: 'module' });
  return next(url, context);
}

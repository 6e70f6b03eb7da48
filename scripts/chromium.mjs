// How every browser test and the browser bench start Chromium: Debian's /usr/bin/chromium
// (installed by scripts/setup.sh; playwright never downloads a browser), headless, with the
// flags that keep it from reaching the network. WebGL2 runs on SwiftShader there.
export const CHROMIUM_PATH = process.env.PISTIL_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
  ],
};

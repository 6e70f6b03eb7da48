#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: the pinned pnpm, then the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  npm install --global --no-fund --no-audit "pnpm@$want" >/dev/null
fi
# Debian packages the tests need: the official ONNX backend test data (@pistil/onnx's conformance
# tests) and Chromium (browser tests: WebGL backend, CPU backend in a page, the digit recognizer's
# web page). Playwright drives this Chromium; it never downloads a browser of its own.
missing=()
[ -d /usr/share/libonnx-testdata/data/node ] || missing+=(libonnx-testdata)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export ONNXRUNTIME_NODE_INSTALL=skip PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile

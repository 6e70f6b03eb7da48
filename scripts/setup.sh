#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: the pinned pnpm, then the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  npm install --global --no-fund --no-audit "pnpm@$want" >/dev/null
fi
# The official ONNX backend test data, for @pistil/onnx's conformance tests (Debian package).
if [ ! -d /usr/share/libonnx-testdata/data/node ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq libonnx-testdata >/dev/null
fi
export ONNXRUNTIME_NODE_INSTALL=skip TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
